package dev.sluice.analysis.provider.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where the web provider may not send a request: cloud metadata endpoints, which hand out the pod's cloud
 * credentials to anyone who can make it send a GET (169.254.169.254 on AWS, GCP, Azure; 169.254.170.2 for ECS tasks;
 * fd00:ec2::254 on AWS over IPv6; 100.100.100.200 on Alibaba; {@code metadata.google.internal}), and every other
 * link-local address (169.254.0.0/16, fe80::/10). A host
 * named in {@code sluice.analysis.web.allowed-hosts} is let through whatever it resolves to. Checked for the URL
 * and for every redirect hop. Not covered: a name that resolves differently between the check and the connection
 * (DNS rebinding); a NetworkPolicy that denies egress to 169.254.169.254 is the second fence.
 */
public final class AddressGuard {
    private static final Set<String> METADATA_NAMES = Set.of("metadata.google.internal", "metadata.google.internal.",
            "metadata", "metadata.goog", "instance-data", "instance-data.ec2.internal");

    /** Resolves a host name to its addresses. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Resolver resolver;
    private final Set<String> allowedHosts;

    public AddressGuard(Resolver resolver, List<String> allowedHosts) {
        this.resolver = resolver;
        this.allowedHosts = allowedHosts.stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Why a request to {@code uri} is refused, or empty when it may go. */
    public Optional<String> refusal(URI uri) {
        String host = uri.getHost();
        if (host == null) {
            return Optional.of("the URL has no host");
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (allowedHosts.contains(name)) {
            return Optional.empty();
        }
        if (METADATA_NAMES.contains(name)) {
            return Optional.of("host " + host + " is a cloud metadata endpoint");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(name);
        } catch (UnknownHostException e) {
            return Optional.empty(); // the request itself fails with "cannot reach", the message a person expects
        }
        for (InetAddress address : addresses) {
            if (isMetadata(address)) {
                return Optional.of("host " + host + " is a cloud metadata endpoint (" + address.getHostAddress() + ")");
            }
            if (address.isLinkLocalAddress()) {
                return Optional.of("host " + host + " is a link-local address (" + address.getHostAddress() + ")");
            }
        }
        return Optional.empty();
    }

    static boolean isMetadata(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address) {
            // fd00:ec2::254
            return (b[0] & 0xff) == 0xfd && b[1] == 0 && (b[2] & 0xff) == 0x0e && (b[3] & 0xff) == 0xc2
                    && java.util.stream.IntStream.range(4, 14).allMatch(i -> b[i] == 0) && b[14] == 0x02 && (b[15] & 0xff) == 0x54;
        }
        int v4 = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        return v4 == 0xA9FEA9FE    // 169.254.169.254: AWS, GCP, Azure, OpenStack, Oracle
                || v4 == 0xA9FEAA02 // 169.254.170.2: AWS ECS task credentials
                || v4 == 0x646464C8; // 100.100.100.200: Alibaba Cloud (not link-local)
    }
}
