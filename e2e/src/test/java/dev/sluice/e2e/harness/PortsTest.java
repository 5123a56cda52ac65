package dev.sluice.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void a_free_port_lies_below_the_ephemeral_range_and_can_be_bound() throws IOException {
        int port = Ports.free();

        assertThat(port).isBetween(1024, Ports.ephemeralLow() - 1);
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }
}
