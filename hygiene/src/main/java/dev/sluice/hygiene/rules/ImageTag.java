package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Severity;
import dev.sluice.hygiene.Subject;
import java.util.List;

/** Images are pinned by a tag other than latest, or by digest. */
public final class ImageTag extends BaseRule {
    public ImageTag() {
        super("image-tag", Severity.WARNING, "every image has a tag other than latest, or a digest",
                "An untagged or :latest image makes two pods of one revision run different code, and a restart or a "
                        + "rollback pulls whatever is newest instead of what was tested.",
                """
                image: registry.example.com/shop/web:1.4.2      # or @sha256:...
                """);
    }

    @Override
    public List<Finding> check(Subject s) {
        return s.containers().stream().filter(c -> !pinned(c.node().path("image").asText()))
                .map(c -> finding(s, c.path() + ".image", "'" + c.node().path("image").asText()
                        + "' is not pinned: give a tag other than latest, or a digest"))
                .toList();
    }

    /** A digest, or a tag (a ':' after the last '/') that is not latest. */
    public static boolean pinned(String image) {
        return image.contains("@sha256:") || image.matches(".*:[^/:]+$") && !image.endsWith(":latest");
    }
}
