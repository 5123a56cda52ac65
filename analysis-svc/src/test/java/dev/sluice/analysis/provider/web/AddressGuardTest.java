package dev.sluice.analysis.provider.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where the web provider may send a request; names resolve through a table, never through real DNS. */
class AddressGuardTest {
    static final Map<String, String> DNS = Map.of(
            "metrics.shop.svc", "10.0.12.7",
            "sneaky.example.com", "169.254.169.254",
            "v6-sneaky.example.com", "fd00:ec2::254",
            "allowed-link-local.example.com", "169.254.10.10");

    static InetAddress[] resolve(String host) throws UnknownHostException {
        String address = DNS.getOrDefault(host, host);
        if (!Character.isDigit(address.charAt(0)) && !address.contains(":")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    }

    static Stream<Arguments> urls() {
        return Stream.of(
                Arguments.of("a cluster service is allowed", "http://metrics.shop.svc:8080/stats", null),
                Arguments.of("loopback is allowed (a sidecar)", "http://127.0.0.1:9090/q", null),
                Arguments.of("the AWS/GCP/Azure metadata address is refused", "http://169.254.169.254/latest/meta-data/", "cloud metadata endpoint"),
                Arguments.of("the metadata address in decimal is refused", "http://2852039166/latest/", "cloud metadata endpoint"),
                Arguments.of("AWS's IPv6 metadata address is refused", "http://[fd00:ec2::254]/latest/", "cloud metadata endpoint"),
                Arguments.of("GCP's metadata name is refused without asking DNS", "http://metadata.google.internal/computeMetadata/v1/", "cloud metadata endpoint"),
                Arguments.of("the metadata name in capitals is refused", "http://METADATA.GOOGLE.INTERNAL/", "cloud metadata endpoint"),
                Arguments.of("a name that resolves to the metadata address is refused", "https://sneaky.example.com/", "cloud metadata endpoint (169.254.169.254)"),
                Arguments.of("a name that resolves to AWS's IPv6 metadata address is refused", "https://v6-sneaky.example.com/", "cloud metadata endpoint"),
                Arguments.of("any other IPv4 link-local address is refused", "http://169.254.1.1/", "link-local address"),
                Arguments.of("an IPv6 link-local address is refused", "http://[fe80::1]/", "link-local address"),
                Arguments.of("an IPv4-mapped metadata address is refused", "http://[::ffff:169.254.169.254]/", "cloud metadata endpoint"),
                Arguments.of("a host on the allow-list is let through", "http://allowed-link-local.example.com/", null),
                Arguments.of("an unknown name is left to fail as unreachable", "http://nowhere.invalid/", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("urls")
    void refuses_metadata_and_link_local_addresses(String behaviour, String url, String refusedBecause) {
        AddressGuard guard = new AddressGuard(AddressGuardTest::resolve, List.of(" Allowed-Link-Local.example.com "));
        var refusal = guard.refusal(URI.create(url));
        if (refusedBecause == null) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).hasValueSatisfying(r -> assertThat(r).contains(refusedBecause));
        }
    }
}
