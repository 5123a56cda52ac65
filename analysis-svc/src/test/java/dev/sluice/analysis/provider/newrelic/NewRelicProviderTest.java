package dev.sluice.analysis.provider.newrelic;

import dev.sluice.analysis.provider.ProviderDocExamples;
import static dev.sluice.analysis.provider.TestJson.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.MeasurementRequest;
import dev.sluice.analysis.provider.ProviderResult;
import dev.sluice.testsupport.FakeHttpServer;
import dev.sluice.testsupport.FakeHttpServer.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The provider against a local server speaking NerdGraph; every test also checks the request it sent. */
class NewRelicProviderTest {
    private static final NewRelicProvider PROVIDER = new NewRelicProvider();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "NRAK-TESTKEY0123456789";
    private static final String NRQL = "SELECT percentage(count(*), WHERE httpResponseCode >= 500) AS errPct "
            + "FROM Transaction WHERE appName='web' SINCE 5 minutes ago";

    private final FakeHttpServer newRelic = new FakeHttpServer();
    private final Map<String, String> secret = new HashMap<>(Map.of("personal-api-key", KEY, "account-id", "1234567",
            "base-url-nerdgraph", newRelic.uri() + "/graphql"));
    private final NewRelicProvider provider = new NewRelicProvider();

    @AfterEach
    void stop() {
        newRelic.close();
    }

    @Test
    void postsTheNrqlAsGraphqlVariablesWithTheKeyAndReadsTheAliasedValue() throws Exception {
        newRelic.answer(Response.json(200, "{\"data\":{\"actor\":{\"account\":{\"nrql\":{\"results\":[{\"errPct\":1.25}]}}}}}"));

        ProviderResult result = measure("{\"query\":\"" + NRQL + "\"}", Duration.ofSeconds(10));

        assertThat(result).isEqualTo(new ProviderResult.Value(Map.of("errPct", 1.25), "{\"errPct\":1.25}"));
        FakeHttpServer.Request sent = newRelic.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/graphql");
        assertThat(sent.header("API-Key")).isEqualTo(KEY);
        assertThat(sent.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(sent.body());
        assertThat(body.path("query").asText()).isEqualTo(
                "query($id: Int!, $q: Nrql!, $t: Seconds!){actor{account(id:$id){nrql(query:$q, timeout:$t){results}}}}");
        assertThat(body.path("variables")).isEqualTo(JSON.readTree(
                "{\"id\":1234567,\"q\":\"" + NRQL + "\",\"t\":10}"));
    }

    @Test
    void aFacetedQueryGivesAListOfMaps() {
        newRelic.answer(Response.json(200, """
                {"data":{"actor":{"account":{"nrql":{"results":[{"facet":"canary","errPct":2.5},{"facet":"stable","errPct":0.5}]}}}}}"""));

        ProviderResult result = measure("{\"query\":\"" + NRQL + " FACET appName\"}", Duration.ofSeconds(5));

        assertThat(result).isInstanceOf(ProviderResult.Value.class);
        assertThat(((ProviderResult.Value) result).value()).isEqualTo(List.of(
                Map.of("facet", "canary", "errPct", 2.5), Map.of("facet", "stable", "errPct", 0.5)));
        assertSent(NRQL + " FACET appName");
    }

    @Test
    void noResultsIsNoData() {
        newRelic.answer(Response.json(200, "{\"data\":{\"actor\":{\"account\":{\"nrql\":{\"results\":[]}}}}}"));

        assertThat(measure("{\"query\":\"" + NRQL + "\"}", Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.NoData("New Relic returned no results for the query"));
        assertSent(NRQL);
    }

    @Test
    void graphqlErrorsWithHttp200AreAFailureWithTheirMessage() {
        newRelic.answer(Response.json(200, """
                {"errors":[{"message":"NRQL Syntax Error: unexpected 'FROMM'","path":["actor","account","nrql"]}],
                 "data":{"actor":{"account":{"nrql":null}}}}"""));

        assertThat(measure("{\"query\":\"SELECT count(*) FROMM Transaction\"}", Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("New Relic could not run the query: NRQL Syntax Error: unexpected 'FROMM'"));
        assertSent("SELECT count(*) FROMM Transaction");
    }

    @Test
    void aMalformedBodyIsAFailure() {
        newRelic.answer(Response.text(200, "<html>maintenance</html>", "text/html"));

        assertThat(measure("{\"query\":\"" + NRQL + "\"}", Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "New Relic answered something that is not a JSON object: <html>maintenance</html>"));
        assertSent(NRQL);
    }

    @Test
    void aRateLimitIsAFailureThatSaysSo() {
        newRelic.answer(Response.json(429, "{\"errors\":[{\"message\":\"Too many requests\"}]}"));

        assertThat(measure("{\"query\":\"" + NRQL + "\"}", Duration.ofSeconds(5)))
                .isEqualTo(new ProviderResult.Failure("New Relic answered HTTP 429 (rate limited): Too many requests"));
        assertSent(NRQL);
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsAFailure() throws Exception {
        newRelic.answer(Response.json(200, "{}").delayedBy(Duration.ofSeconds(3)));

        assertThat(measure("{\"query\":\"" + NRQL + "\"}", Duration.ofMillis(300))).isEqualTo(new ProviderResult.Failure(
                "New Relic: no answer from " + newRelic.uri() + "/graphql within 300 ms"));
        assertThat(JSON.readTree(newRelic.lastRequest().body()).path("variables").path("t").asInt()).isEqualTo(1);
        assertSent(NRQL);
    }

    @Test
    void theProfileNamesTheSecretAndAnAccountIdThatIsNoNumberIsAFailureWithoutItsValue() {
        Map<String, String> other = Map.of("personal-api-key", KEY, "account-id", "acme-prod",
                "base-url-nerdgraph", newRelic.uri() + "/graphql");
        MeasurementRequest request = new MeasurementRequest("shop", "errors", read("{\"query\":\"q\",\"profile\":\"nr-prod\"}"),
                Instant.EPOCH, Duration.ofSeconds(5),
                (ns, name, key) -> name.equals("nr-prod") ? Optional.ofNullable(other.get(key)) : Optional.empty());

        assertThat(provider.measure(request))
                .isEqualTo(new ProviderResult.Failure("Secret shop/nr-prod key account-id must be a number"));
        assertThat(newRelic.requests()).isEmpty();
    }

    @Test
    void aMissingKeyIsAFailureNamingTheSecret() {
        secret.remove("personal-api-key");

        assertThat(measure("{\"query\":\"q\"}", Duration.ofSeconds(5))).isEqualTo(new ProviderResult.Failure(
                "Secret shop/newrelic needs the keys personal-api-key and account-id"));
    }

    @Test
    void aBlockWithoutQueryIsInvalid() {
        assertThat(provider.validate(read("{\"profile\":\"\"}"))).containsExactly(
                "query must be an NRQL query, e.g. SELECT percentage(count(*), WHERE error) AS errPct FROM Transaction "
                        + "SINCE 5 minutes ago",
                "profile must name a Secret");
        assertThat(provider.validate(read("{\"query\":\"" + NRQL + "\"}"))).isEmpty();
    }

    private ProviderResult measure(String config, Duration timeout) {
        return provider.measure(new MeasurementRequest("shop", "errors", read(config), Instant.EPOCH, timeout,
                (ns, name, key) -> ns.equals("shop") && name.equals("newrelic") ? Optional.ofNullable(secret.get(key))
                        : Optional.empty()));
    }

    @Test
    void theExampleTemplateInProvidersMdIsValid() throws Exception {
        ProviderDocExamples.assertExamplesValid(PROVIDER);
    }
    private void assertSent(String nrql) {
        FakeHttpServer.Request sent = newRelic.lastRequest();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo("/graphql");
        assertThat(sent.header("API-Key")).isEqualTo(KEY);
        JsonNode variables = read(sent.body()).path("variables");
        assertThat(variables.path("id").asLong()).isEqualTo(1234567L);
        assertThat(variables.path("q").asText()).isEqualTo(nrql);
    }
}
