package dev.sluice.common.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallerCheckTest {
    static final AuthDecision.Target PATCH_WEB = new AuthDecision.Target("sluice.dev", "rollouts", "patch", "shop", "web");

    KubernetesMockServer server;
    KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    static Stream<Arguments> staticToken() {
        return Stream.of(
                Arguments.of("accepts the configured token", "Bearer s3cret", 0),
                Arguments.of("accepts the scheme in any case", "bearer s3cret", 0),
                Arguments.of("refuses another token", "Bearer guess", 401),
                Arguments.of("refuses a missing header", null, 401),
                Arguments.of("refuses basic authentication", "Basic czNjcmV0", 401),
                Arguments.of("refuses an empty bearer token", "Bearer ", 401));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("staticToken")
    void with_a_static_token(String behaviour, String header, int refusedWith) {
        AuthDecision decision = new CallerCheck(Optional.of("s3cret"), none()).check(header, PATCH_WEB);
        if (refusedWith == 0) {
            assertThat(decision).isEqualTo(new AuthDecision.Allowed("static-token"));
        } else {
            assertThat(decision).isInstanceOfSatisfying(AuthDecision.Refused.class, r -> assertThat(r.status()).isEqualTo(refusedWith));
        }
    }

    @Test
    void without_any_configuration_every_call_is_refused() {
        assertThat(new CallerCheck(Optional.empty(), none()).check("Bearer anything", PATCH_WEB))
                .isInstanceOfSatisfying(AuthDecision.Refused.class, r -> assertThat(r.reason()).contains("no authentication is configured"));
    }

    @Test
    void without_a_static_token_the_kubernetes_api_reviews_the_token() {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReturn(201, new TokenReviewBuilder()
                .withNewStatus().withAuthenticated(false).endStatus().build()).once();
        assertThat(new CallerCheck(Optional.empty(), () -> Optional.of(client)).check("Bearer sa-token", PATCH_WEB))
                .isInstanceOfSatisfying(AuthDecision.Refused.class, r -> assertThat(r.reason()).contains("not accepted by the Kubernetes API"));
    }

    @Test
    void in_cluster_a_reviewed_token_allowed_to_patch_the_rollout_is_accepted() {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReturn(201, new TokenReviewBuilder()
                .withNewStatus().withAuthenticated(true).withNewUser().withUsername("system:serviceaccount:ci:deployer")
                .withGroups(List.of("system:serviceaccounts")).endUser().endStatus().build()).once();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReturn(201,
                new SubjectAccessReviewBuilder().withNewStatus().withAllowed(true).endStatus().build()).once();

        assertThat(new KubernetesCallerReview(client).review("sa-token", PATCH_WEB))
                .isEqualTo(new AuthDecision.Allowed("system:serviceaccount:ci:deployer"));
    }

    @Test
    void in_cluster_a_caller_without_patch_on_the_rollout_is_forbidden() {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReturn(201, new TokenReviewBuilder()
                .withNewStatus().withAuthenticated(true).withNewUser().withUsername("alice").endUser().endStatus().build()).once();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReturn(201,
                new SubjectAccessReviewBuilder().withNewStatus().withAllowed(false).endStatus().build()).once();

        assertThat(new KubernetesCallerReview(client).review("user-token", PATCH_WEB))
                .isInstanceOfSatisfying(AuthDecision.Refused.class, r -> {
                    assertThat(r.status()).isEqualTo(403);
                    assertThat(r.reason()).isEqualTo("alice may not patch rollouts.sluice.dev shop/web");
                });
    }

    @Test
    void in_cluster_a_token_the_api_server_rejects_is_unauthorized() {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReturn(201, new TokenReviewBuilder()
                .withNewStatus().withAuthenticated(false).withError("token expired").endStatus().build()).once();

        assertThat(new KubernetesCallerReview(client).review("old", PATCH_WEB))
                .isInstanceOfSatisfying(AuthDecision.Refused.class, r -> {
                    assertThat(r.status()).isEqualTo(401);
                    assertThat(r.reason()).contains("token expired");
                });
    }

    /** The API server of these tests: {@code alice} is authenticated and may get rollouts in {@code shop} only. */
    private void aliceMayReadShop() {
        server.expect().post().withPath("/apis/authentication.k8s.io/v1/tokenreviews").andReply(201, r -> new TokenReviewBuilder()
                .withNewStatus().withAuthenticated(r.getBody().readUtf8().contains("alice-token")).withNewUser().withUsername("alice")
                .endUser().endStatus().build()).always();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews").andReply(201, r -> {
            String body = r.getBody().readUtf8();
            return new SubjectAccessReviewBuilder().withNewStatus().withAllowed(body.contains("\"namespace\":\"shop\"")
                    && body.contains("\"verb\":\"get\"")).endStatus().build();
        }).always();
    }

    private long reviews() {
        return server.getRequestCount();
    }

    @Test
    void a_list_is_filtered_to_the_namespaces_the_caller_may_read() {
        aliceMayReadShop();
        var check = new CallerCheck(Optional.empty(), () -> Optional.of(client));
        var readable = check.namespaces("Bearer alice-token", "get", "rollouts.sluice.dev");
        assertThat(List.of("shop", "billing", "kube-system", "shop").stream().filter(readable).toList()).containsExactly("shop", "shop");
    }

    @Test
    void a_caller_the_api_server_does_not_know_gets_401_for_a_list_not_an_empty_one() {
        aliceMayReadShop();
        var check = new CallerCheck(Optional.empty(), () -> Optional.of(client));
        assertThatThrownBy(() -> check.namespaces("Bearer mallory-token", "get", "rollouts.sluice.dev"))
                .isInstanceOfSatisfying(dev.sluice.common.problem.ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(401));
        assertThatThrownBy(() -> check.namespaces(null, "get", "rollouts.sluice.dev"))
                .isInstanceOfSatisfying(dev.sluice.common.problem.ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(401));
    }

    @Test
    void reviews_are_kept_briefly_per_token_and_target_then_asked_again() {
        aliceMayReadShop();
        java.util.concurrent.atomic.AtomicReference<java.time.Instant> now = new java.util.concurrent.atomic.AtomicReference<>(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        java.time.Clock clock = new java.time.Clock() {
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            public java.time.Instant instant() {
                return now.get();
            }
        };
        var check = new CallerCheck(Optional.empty(), () -> Optional.of(client), new ReviewCache(java.time.Duration.ofSeconds(10), 100, clock));
        var readShop = new AuthDecision.Target("sluice.dev", "rollouts", "get", "shop", null);
        assertThat(check.check("Bearer alice-token", readShop)).isEqualTo(new AuthDecision.Allowed("alice"));
        long asked = reviews();
        assertThat(check.check("Bearer alice-token", readShop)).isEqualTo(new AuthDecision.Allowed("alice"));
        assertThat(reviews()).as("the second answer came from the cache").isEqualTo(asked);
        assertThat(check.check("Bearer alice-token", PATCH_WEB)).isInstanceOf(AuthDecision.Refused.class);
        assertThat(reviews()).as("another target is asked").isGreaterThan(asked);
        asked = reviews();
        now.set(now.get().plusSeconds(11));
        assertThat(check.check("Bearer alice-token", readShop)).isEqualTo(new AuthDecision.Allowed("alice"));
        assertThat(reviews()).as("asked again after the TTL").isGreaterThan(asked);
    }

    @Test
    void the_review_cache_stays_bounded() {
        var cache = new ReviewCache(java.time.Duration.ofMinutes(1), 50, java.time.Clock.systemUTC());
        for (int i = 0; i < 500; i++) {
            cache.get("token-" + i, PATCH_WEB, () -> new AuthDecision.Allowed("x"));
        }
        assertThat(cache.size()).isLessThanOrEqualTo(50);
    }

    private static java.util.function.Supplier<Optional<KubernetesClient>> none() {
        return Optional::empty;
    }
}
