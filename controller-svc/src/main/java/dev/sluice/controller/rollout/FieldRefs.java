package dev.sluice.controller.rollout;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argo's analysis arg {@code valueFrom.fieldRef.fieldPath} against the Rollout's own metadata: {@code metadata.name},
 * {@code metadata.namespace}, {@code metadata.labels['key']} and {@code metadata.annotations['key']} (single or
 * double quotes). Resolved by the controller when it maps the spec, so the value travels as a literal arg.
 */
public final class FieldRefs {
    public static final String SUPPORTED = "metadata.name, metadata.namespace, metadata.labels['<key>'], metadata.annotations['<key>']";
    private static final Pattern MAP_KEY = Pattern.compile("metadata\\.(labels|annotations)\\[(['\"])(.+)\\2]");

    private FieldRefs() {
    }

    /** The Rollout's metadata as the resolver needs it. */
    public record Meta(String name, String namespace, Map<String, String> labels, Map<String, String> annotations) {
    }

    /** True when {@code path} has one of the supported shapes, whatever the Rollout holds. */
    public static boolean supported(String path) {
        return path != null && (path.equals("metadata.name") || path.equals("metadata.namespace") || MAP_KEY.matcher(path).matches());
    }

    /** The value at {@code path}, or empty when the path is not supported or the Rollout has no such label/annotation. */
    public static Optional<String> resolve(String path, Meta meta) {
        if (path == null || meta == null) {
            return Optional.empty();
        }
        if (path.equals("metadata.name")) {
            return Optional.ofNullable(meta.name());
        }
        if (path.equals("metadata.namespace")) {
            return Optional.ofNullable(meta.namespace());
        }
        Matcher m = MAP_KEY.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> map = m.group(1).equals("labels") ? meta.labels() : meta.annotations();
        return map == null ? Optional.empty() : Optional.ofNullable(map.get(m.group(3)));
    }
}
