package dev.sluice.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static java.util.function.Supplier<Optional<KubernetesClient>> none() {
        return Optional::empty;
    }
}
