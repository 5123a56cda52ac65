package dev.sluice.common.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which handler failures are waited out (retried in place, never dead-lettered) and which are given up on. */
class TransienceTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("an API server that cannot be reached is waited out", new KubernetesClientException("connect refused", new java.net.ConnectException("Connection refused")), true),
                Arguments.of("a write conflict is retried", new KubernetesClientException("conflict", 409, null), true),
                Arguments.of("throttling is waited out", new KubernetesClientException("too many", 429, null), true),
                Arguments.of("a server error is waited out", new KubernetesClientException("unavailable", 503, null), true),
                Arguments.of("a request timeout is waited out (as traffic-svc's writes always did)",
                        new KubernetesClientException("timeout", 408, null), true),
                Arguments.of("too early is waited out", new KubernetesClientException("too early", 425, null), true),
                Arguments.of("an I/O failure deep in the cause chain is waited out",
                        new IllegalStateException("wrapped", new IOException("reset")), true),
                Arguments.of("a timeout is waited out", new java.util.concurrent.TimeoutException("no answer in 5 s"), true),
                Arguments.of("a missing permission is not cured by waiting", new KubernetesClientException("forbidden", 403, null), false),
                Arguments.of("an invalid status write is not cured by waiting", new KubernetesClientException("invalid", 422, null), false),
                Arguments.of("a bug is not cured by waiting", new NullPointerException("status"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void classifies_recording_failures(String name, Exception failure, boolean waitedOut) {
        assertThat(Transience.isTransient(failure)).isEqualTo(waitedOut);
    }
}
