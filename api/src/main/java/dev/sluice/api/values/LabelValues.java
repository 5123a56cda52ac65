package dev.sluice.api.values;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Label values derived from object names, the same in every service. A Kubernetes label value holds at most 63
 * characters, a name up to 253, so a longer name becomes its first 52 characters (trailing non-alphanumerics
 * dropped), a dash and the first 10 hex digits of the name's SHA-256: still readable, still unique, and every
 * service (controller, analysis, traffic) writes and selects the same value. Shorter names are used as they are.
 */
public final class LabelValues {
    public static final int MAX = 63;
    private static final int HASH_CHARS = 10;

    private LabelValues() {
    }

    public static String of(String name) {
        if (name == null || name.length() <= MAX) {
            return name;
        }
        String head = name.substring(0, MAX - HASH_CHARS - 1).replaceAll("[^A-Za-z0-9]+$", "");
        return head + "-" + sha256(name).substring(0, HASH_CHARS);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
