package dev.sluice.e2e.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.e2e.fixture.CanaryScenario;
import dev.sluice.e2e.fixture.Cluster;
import dev.sluice.e2e.fixture.Manifests;
import dev.sluice.e2e.fixture.Router;
import dev.sluice.e2e.harness.AccessReviews;
import dev.sluice.e2e.harness.Harness;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's Chromium, driven headless through its chromedriver) against the whole
 * suite. The controller runs without a static token, so every call goes through TokenReview + SubjectAccessReview
 * on the API server ({@link AccessReviews}: an operator who may patch rollouts, a viewer who may only read).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    static final Duration LIVE = Duration.ofSeconds(20);

    private static Harness harness;
    private static Cluster cluster;
    private static WebDriver browser;
    private static CanaryScenario healthy;

    @RegisterExtension
    static final LogsOnFailure LOGS = new LogsOnFailure(() -> harness);

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMIUM).as("Debian's chromium (./sluice test installs it)").exists();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver (./sluice test installs it)").exists();
        harness = Harness.start(Harness.Options.defaults("dashboard"));
        cluster = new Cluster(harness.kube());
        Files.createDirectories(SHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1360,1500", "--user-data-dir=" + Files.createTempDirectory("sluice-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @Order(1)
    void the_overview_lists_the_suites_rollouts_and_follows_a_step_as_it_advances() throws Exception {
        // Given a rollout that waits at 20% until promoted, and a healthy canary with an analysis that is promoted
        String ns = "dash-steps";
        pausingRollout(ns);
        healthy = new CanaryScenario(harness, "dash-healthy", Router.ISTIO,
                harness.prometheus().isPresent() ? CanaryScenario.Measurement.PROMETHEUS : CanaryScenario.Measurement.WEB,
                Manifests.analysedSteps("1s"));
        healthy.givenAStableFirstRevision(Duration.ofSeconds(60));
        healthy.whenANewImageIsReleased("sluice/demo-app:2.0");

        // When the operator signs in on the overview
        signIn(AccessReviews.OPERATOR_TOKEN);
        await("both rollouts on the overview").atMost(LIVE).until(() -> rowOf(ns) != null);
        await().atMost(LIVE).until(() -> rowOf("dash-healthy") != null);
        await().atMost(LIVE).untilAsserted(() -> assertThat(rowText(ns)).contains("Paused").contains("canary").contains("2/4").contains("20%")
                .contains("sluice/demo-app:1.0").contains("sluice/demo-app:2.0"));
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = true;");

        // and the rollout is promoted past its pause (by another client: the REST API)
        assertThat(post("/api/v1/rollouts/" + ns + "/web/promote", AccessReviews.OPERATOR_TOKEN).statusCode()).isEqualTo(202);

        // Then the line follows without a reload: step 4 of 4 at 50%
        await("the overview line to show step 4/4 at 50%").atMost(LIVE)
                .untilAsserted(() -> assertThat(rowText(ns)).contains("4/4").contains("50%"));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument === true;")).isEqualTo(true);
        healthy.awaitOutcome(Duration.ofSeconds(90));
        await().atMost(LIVE).untilAsserted(() -> assertThat(rowText("dash-healthy")).contains("Healthy"));
    }

    @Test
    @Order(2)
    void the_rollout_page_shows_the_step_timeline_and_a_measurement_chart_with_data() throws Exception {
        signIn(AccessReviews.OPERATOR_TOKEN);
        browser.get(harness.dashboardUrl() + "#/rollouts/dash-healthy/web");
        healthy.awaitOutcome(Duration.ofSeconds(90));
        await("the step timeline").atMost(LIVE).until(() -> browser.findElements(By.cssSelector("#steps li")).size() == 9);
        assertThat(browser.findElements(By.cssSelector("#steps li.done"))).hasSize(9);
        assertThat(text(browser.findElement(By.id("steps")))).contains("setWeight: 20").contains("analysis");

        WebElement metric = await("a measurement chart with points").atMost(LIVE)
                .until(() -> browser.findElements(By.cssSelector("figure.metric")), l -> !l.isEmpty()).get(0);
        List<WebElement> points = metric.findElements(By.cssSelector("g[data-phase]"));
        assertThat(points).isNotEmpty();
        assertThat(points.get(0).getAttribute("aria-label")).startsWith("#").contains(" — ");
        assertThat(metric.findElements(By.cssSelector("line.thr-ok"))).as("the success threshold is drawn").hasSize(1);

        await("the weight chart and the route read back").atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.id("weight-chart")).getAttribute("aria-label")).contains("last requested 0%, last acknowledged 0%");
            assertThat(text(browser.findElement(By.id("routes")))).contains("VirtualService").contains("dash-healthy/web");
        });
        assertThat(browser.findElements(By.cssSelector("#feed li")).get(0).getText()).isNotBlank();
        browser.manage().window().setSize(new Dimension(1360, 2100));
        screenshot("rollout");
        browser.manage().window().setSize(new Dimension(1360, 1500));
        assertNoSeriousAccessibilityViolations("rollout page");
    }

    @Test
    @Order(3)
    void abort_from_the_page_rolls_the_canary_back_on_the_route_object() throws Exception {
        String ns = "dash-abort";
        pausingRollout(ns);
        signIn(AccessReviews.OPERATOR_TOKEN);
        browser.get(harness.dashboardUrl() + "#/rollouts/" + ns + "/web");
        String revision = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/currentPodHash").asText();

        WebElement abort = await("an enabled Abort button").atMost(LIVE).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("button[data-action=abort]")), WebElement::isEnabled);
        assertThat(browser.findElement(By.cssSelector("button[data-action=retry]")).isEnabled()).isFalse();
        abort.click();
        WebElement dialog = browser.findElement(By.id("confirm"));
        assertThat(dialog.isDisplayed()).isTrue();
        assertThat(text(dialog)).contains("Abort revision " + revision + " of " + ns + "/web");
        browser.findElement(By.id("confirm-reason")).sendKeys("dashboard test");
        browser.findElement(By.id("confirm-ok")).click();

        await("the outcome").atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(text(browser.findElement(By.id("outcome-text"))))
                .contains("Abort accepted for revision " + revision).contains("operator"));
        await("the route object back at 0%").atMost(LIVE)
                .untilAsserted(() -> assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(0));
        await("the page to show Degraded and offer retry").atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector("button[data-action=retry]")).isEnabled()).isTrue();
            assertThat(browser.findElement(By.cssSelector("button[data-action=abort]")).isEnabled()).isFalse();
        });
        assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Degraded");
    }

    @Test
    @Order(4)
    void a_viewer_sees_every_button_disabled_and_why_and_the_api_answers_403() throws Exception {
        String ns = "dash-steps";
        signIn(AccessReviews.VIEWER_TOKEN);
        browser.get(harness.dashboardUrl() + "#/rollouts/" + ns + "/web");
        WebElement why = await("the explanation").atMost(LIVE).until(() -> browser.findElements(By.id("why-disabled")), l -> !l.isEmpty()).get(0);
        assertThat(text(why)).contains("403").contains("viewer may not patch").contains("rollouts.sluice.dev");
        List<WebElement> buttons = browser.findElements(By.cssSelector("button[data-action]"));
        assertThat(buttons).hasSize(6).allSatisfy(b -> assertThat(b.isEnabled()).isFalse());

        HttpResponse<String> refused = post("/api/v1/rollouts/" + ns + "/web/abort", AccessReviews.VIEWER_TOKEN);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("viewer may not patch");
        assertThat(post("/api/v1/rollouts/" + ns + "/web/abort", "not-a-token").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(5)
    void the_overview_and_the_dry_run_panel_have_no_serious_accessibility_violations_and_the_page_is_small() throws Exception {
        signIn(AccessReviews.OPERATOR_TOKEN);
        await().atMost(LIVE).until(() -> rowOf("dash-healthy") != null && rowOf("dash-abort") != null);
        browser.manage().window().setSize(new Dimension(1360, 600));
        screenshot("overview");
        browser.manage().window().setSize(new Dimension(1360, 1500));
        assertNoSeriousAccessibilityViolations("overview");
        browser.get(harness.dashboardUrl() + "#/dry-run");
        WebElement template = await().atMost(LIVE).until(() -> browser.findElement(By.id("dr-template")), WebElement::isDisplayed);
        assertNoSeriousAccessibilityViolations("dry-run panel");
        template.clear();
        template.sendKeys("kind: AnalysisTemplate\nspec:\n  metrics:\n  - name: canary-ok\n    successCondition: result >= 0.9\n"
                + "    provider:\n      web:\n        url: " + harness.canaryAppUrl().resolve("/stats") + "\n        jsonPath: \"{$.successRate}\"\n");
        browser.findElement(By.id("dr-args")).clear();
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();
        await("the dry-run result").atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(text(browser.findElement(By.id("dr-out"))))
                .contains("canary-ok").contains("result >= 0.9").contains("Successful"));

        long total = 0;
        for (String asset : List.of("", "app.js", "app.css")) {
            total += gzippedSize(harness.dashboardUrl().resolve(asset));
        }
        System.out.printf("dashboard page weight: %d bytes compressed (index.html + app.js + app.css)%n", total);
        assertThat(total).isLessThan(300 * 1024);
    }

    @Test
    @Order(6)
    void an_inconclusive_analysis_shows_as_such_with_how_to_resolve_it_and_promote_from_the_page_accepts_it() throws Exception {
        // Given a canary whose success rate (about 90%: the app fails one request in ten) is between the pass bar
        // (99%) and the fail bar (50%): its analysis is neither Successful nor Failed but Inconclusive
        String ns = "dash-inconclusive";
        harness.setCanaryFailureShare(0.1);
        try {
            cluster.create(Manifests.namespace(ns));
            cluster.create(Manifests.services(ns));
            cluster.create(Manifests.route(ns, Router.ISTIO));
            cluster.create(greyZoneTemplate(ns));
            cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0", List.of("setWeight: 20",
                    "analysis:\n  templates: [{templateName: grey-zone}]", "setWeight: 60", "pause: {duration: 1s}")));
            await("the first revision of " + ns + " to be stable").atMost(Duration.ofSeconds(60))
                    .until(() -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT)));
            cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0");
            await("the rollout to pause on the Inconclusive analysis").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                var status = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
                assertThat(status.path("phase").asText()).as("%s", status).isEqualTo("Paused");
                assertThat(status.toString()).contains("InconclusiveAnalysis");
            });
        } finally {
            harness.setCanaryFailureShare(0.0);
        }
        String revision = cluster.rollout(ns, Manifests.ROLLOUT).at("/status/currentPodHash").asText();

        // When the operator looks at the overview and the rollout page
        signIn(AccessReviews.OPERATOR_TOKEN);
        await("the overview line to say Inconclusive").atMost(LIVE)
                .untilAsserted(() -> assertThat(rowText(ns)).contains("Paused (InconclusiveAnalysis)").contains("20%"));
        browser.get(harness.dashboardUrl() + "#/rollouts/" + ns + "/web");

        // Then the page says Inconclusive (its own badge, not a plain pause nor a failure), how to resolve it, and the run
        await("the Inconclusive badge and the hint").atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElement(By.cssSelector("main h1 + p .badge.b-InconclusiveAnalysis")).getText())
                    .contains("Paused (InconclusiveAnalysis)");
            assertThat(text(browser.findElement(By.id("hint")))).contains("analysis was inconclusive")
                    .contains("kubectl sluice promote web").contains("to accept it").contains("kubectl sluice abort web").contains("to roll back");
        });
        assertThat(browser.findElements(By.cssSelector(".run .badge.b-Inconclusive"))).as("the run's own badge").isNotEmpty();
        // the pause is not a failure: Ready False and Stalled False were shown as red notices beside the badge (ZeroDowntime
        // findings of the fixture's bare pod template are real trouble and stay shown)
        assertThat(browser.findElements(By.cssSelector("main .notice.bad")).stream().map(WebElement::getText))
                .as("failure notices beside the Inconclusive badge").noneMatch(t -> t.startsWith("Ready:") || t.startsWith("Stalled:")
                        || t.startsWith("Reconciling:") || t.startsWith("InconclusiveAnalysis:"));
        assertThat(browser.findElement(By.cssSelector("button[data-action=promote]")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.cssSelector("button[data-action=abort]")).isEnabled()).isTrue();
        assertThat(browser.findElement(By.cssSelector("button[data-action=retry]")).isEnabled())
                .as("retry is for an aborted update").isFalse();
        screenshot("inconclusive");
        assertNoSeriousAccessibilityViolations("rollout page of an Inconclusive analysis");

        // and Promote from the page accepts the verdict: the revision goes on to 60% and is promoted
        browser.findElement(By.cssSelector("button[data-action=promote]")).click();
        assertThat(text(browser.findElement(By.id("confirm")))).contains("Promote revision " + revision + " of " + ns + "/web");
        browser.findElement(By.id("confirm-reason")).sendKeys("inconclusive accepted");
        browser.findElement(By.id("confirm-ok")).click();
        await("the outcome").atMost(LIVE).ignoreExceptions().untilAsserted(() -> assertThat(text(browser.findElement(By.id("outcome-text"))))
                .contains("Promote accepted for revision " + revision));
        await("the revision to be promoted").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var status = cluster.rollout(ns, Manifests.ROLLOUT).path("status");
            assertThat(status.path("phase").asText()).isEqualTo("Healthy");
            assertThat(status.path("stableRS").asText()).isEqualTo(revision);
        });
        await("the page to drop the hint and show Healthy").atMost(LIVE).ignoreExceptions().untilAsserted(() -> {
            assertThat(browser.findElements(By.id("hint"))).isEmpty();
            assertThat(browser.findElement(By.cssSelector("main h1 + p .badge")).getText()).contains("Healthy");
        });
    }

    // ---------- helpers

    /** The canary app's success rate: at least 99% passes, under 50% fails, in between is Inconclusive (Argo's rule). */
    private static String greyZoneTemplate(String ns) {
        return """
                apiVersion: sluice.dev/v1alpha1
                kind: AnalysisTemplate
                metadata: {name: grey-zone, namespace: %s}
                spec:
                  metrics:
                  - name: success-rate
                    initialDelay: 3s
                    count: 1
                    successCondition: "result >= 0.99"
                    failureCondition: "result < 0.5"
                    provider:
                      web:
                        url: %s
                        jsonPath: "{$.successRate}"
                        timeoutSeconds: 2
                """.formatted(ns, harness.canaryAppUrl().resolve("/stats"));
    }

    /** Creates a rollout with indefinite pauses and releases a second image: it waits Paused at 20%. */
    private static void pausingRollout(String ns) {
        cluster.create(Manifests.namespace(ns));
        cluster.create(Manifests.services(ns));
        cluster.create(Manifests.route(ns, Router.ISTIO));
        cluster.create(Manifests.canaryRollout(ns, Router.ISTIO, "sluice/demo-app:1.0",
                List.of("setWeight: 20", "pause: {}", "setWeight: 50", "pause: {}")));
        await("the first revision of " + ns + " to be stable").atMost(Duration.ofSeconds(60))
                .until(() -> "Healthy".equals(cluster.phase(ns, Manifests.ROLLOUT)));
        cluster.setImage(ns, Manifests.ROLLOUT, "sluice/demo-app:2.0");
        await("the rollout in " + ns + " to pause at 20%").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(cluster.phase(ns, Manifests.ROLLOUT)).isEqualTo("Paused");
            assertThat(cluster.canaryWeight(ns, Router.ISTIO)).contains(20);
        });
    }

    private static void signIn(String token) {
        browser.get(harness.dashboardUrl() + "#/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        browser.navigate().refresh();
        WebElement field = await("the sign-in form").atMost(LIVE).until(() -> browser.findElements(By.id("token")), l -> !l.isEmpty()).get(0);
        field.sendKeys(token);
        browser.findElement(By.cssSelector(".login button[type=submit]")).click();
        await("the overview after signing in").atMost(LIVE).until(() -> !browser.findElements(By.id("rollouts")).isEmpty());
    }

    private static WebElement rowOf(String ns) {
        List<WebElement> rows = browser.findElements(By.cssSelector("tr[data-id='" + ns + "/web']"));
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The text of a rollout's overview line, read in one step (a live update may replace the row at any time). */
    private static String rowText(String ns) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const r = document.querySelector(arguments[0]); return r ? r.innerText : '';", "tr[data-id='" + ns + "/web']"));
    }

    private static String text(WebElement e) {
        return e == null ? "" : e.getText();
    }

    private static HttpResponse<String> post(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(harness.controller().url().resolve(path))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long gzippedSize(URI url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url.toString()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).as(url.toString()).contains("gzip");
        assertThat(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes()).isNotEmpty();
        return r.body().length;
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    /** Runs axe-core (from its webjar) in the page; fails on any violation of impact serious or critical. */
    @SuppressWarnings("unchecked")
    private static void assertNoSeriousAccessibilityViolations(String what) throws IOException {
        String axe;
        try (InputStream in = DashboardIT.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            assertThat(in).as("axe.min.js from org.webjars.npm:axe-core").isNotNull();
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript(axe);
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
                + " help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))), e => done([{id: 'axe-error', impact: 'critical', help: String(e)}]));");
        List<Map<String, Object>> violations = (List<Map<String, Object>>) result;
        System.out.println("axe-core on the " + what + ": " + violations);
        assertThat(violations.stream().filter(v -> List.of("serious", "critical").contains(v.get("impact"))).toList())
                .as("serious or critical accessibility violations on the " + what).isEmpty();
    }
}
