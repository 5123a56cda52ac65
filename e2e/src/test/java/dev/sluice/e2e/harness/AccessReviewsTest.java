package dev.sluice.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AccessReviewsTest {
    static final String TOKENS = "/apis/authentication.k8s.io/v1/tokenreviews";
    static final String ACCESS = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    static Stream<Arguments> tokens() {
        return Stream.of(
                Arguments.of("the operator's token is the user operator", AccessReviews.OPERATOR_TOKEN, "\"username\":\"operator\""),
                Arguments.of("the viewer's token is the user viewer", AccessReviews.VIEWER_TOKEN, "\"username\":\"viewer\""),
                Arguments.of("any other token is not authenticated", "guess", "\"authenticated\":false"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void reviews_tokens(String name, String token, String expected) {
        String body = "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"}}";
        assertThat(AccessReviews.answer(TOKENS, body)).hasValueSatisfying(a -> assertThat(a).contains(expected));
    }

    static Stream<Arguments> access() {
        return Stream.of(
                Arguments.of("the viewer may get rollouts", "viewer", "get", true),
                Arguments.of("the viewer may not patch rollouts", "viewer", "patch", false),
                Arguments.of("the operator may patch rollouts", "operator", "patch", true),
                Arguments.of("an unknown user may not even get", "mallory", "get", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("access")
    void reviews_access(String name, String user, String verb, boolean allowed) {
        String body = "{\"kind\":\"SubjectAccessReview\",\"spec\":{\"user\":\"" + user + "\",\"resourceAttributes\":{\"group\":\"sluice.dev\","
                + "\"resource\":\"rollouts\",\"verb\":\"" + verb + "\",\"namespace\":\"shop\"}}}";
        assertThat(AccessReviews.answer(ACCESS, body)).hasValueSatisfying(a -> assertThat(a).contains("\"allowed\":" + allowed));
    }

    @Test
    void leaves_every_other_create_to_the_crud_server() {
        assertThat(AccessReviews.isReview("/apis/sluice.dev/v1alpha1/namespaces/a/rollouts")).isFalse();
        assertThat(AccessReviews.isReview(TOKENS + "?fieldManager=x")).isTrue();
        assertThat(AccessReviews.answer("/api/v1/namespaces", "{}")).isEmpty();
    }
}
