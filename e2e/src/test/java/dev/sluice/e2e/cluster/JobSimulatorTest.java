package dev.sluice.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What the simulated kubelet runs on the host for a Job's container (Kubernetes' command/args rule per image). */
class JobSimulatorTest {
    static Stream<Arguments> containers() {
        return Stream.of(
                row("busybox with command and args runs the command with the args, sh as /bin/sh",
                        container("busybox:1.36", List.of("sh", "-c"), List.of("exit 3")), List.of("/bin/sh", "-c", "exit 3")),
                row("alpine with args only replaces the default command sh",
                        container("docker.io/library/alpine:3.20", null, List.of("wget", "-q", "http://x/")), List.of("wget", "-q", "http://x/")),
                row("busybox without command or args runs its default command sh",
                        container("busybox", null, null), List.of("/bin/sh")),
                row("busybox pinned by digest is still busybox", container("busybox@sha256:abc", List.of("true"), null), List.of("true")),
                row("curlimages/curl with args runs curl with them (its entrypoint)",
                        container("curlimages/curl:8.10.1", null, List.of("--fail", "http://x/")), List.of("curl", "--fail", "http://x/")),
                row("an image the host cannot stand in for is not run",
                        container("ghcr.io/example/smoke:1.0", List.of("/smoke"), null), null),
                row("an image whose name only ends in busybox is not busybox",
                        container("example/notbusybox:1", List.of("true"), null), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void runs(String name, Container container, List<String> argv) {
        assertThat(JobSimulator.argv(container)).isEqualTo(Optional.ofNullable(argv));
    }

    private static Arguments row(String name, Container c, List<String> argv) {
        return Arguments.of(name, c, argv);
    }

    private static Container container(String image, List<String> command, List<String> args) {
        return new ContainerBuilder().withName("c").withImage(image).withCommand(command).withArgs(args).build();
    }
}
