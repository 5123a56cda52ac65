package dev.sluice.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the processes the harness starts, taken from below the kernel's ephemeral range. A port
 * the kernel hands out for {@code bind(0)} comes from the same range as the source ports of outgoing connections, so
 * between the probe and the process binding it, one of the many outgoing connections on the machine could take it: a Kafka broker
 * failed to start in CI with "Address already in use" that way.
 */
public final class Ports {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int SPAN = 12_000;

    private Ports() {
    }

    public static int free() {
        int below = ephemeralLow();
        int low = Math.max(1024, below - SPAN);
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(low, below);
            if (bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The first port of the ephemeral range ({@code 32768} on Linux by default). */
    static int ephemeralLow() {
        try {
            String range = Files.readString(EPHEMERAL_RANGE).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > 1024 + 1000 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
