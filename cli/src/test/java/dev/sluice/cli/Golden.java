package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Golden text files under {@code src/test/resources/golden/}: {@code -Dsluice.regenerate=true} rewrites them; review the diff. */
public final class Golden {
    private static final boolean REGENERATE = Boolean.getBoolean("sluice.regenerate");

    private Golden() {
    }

    /** {@code text} is the file's content; a missing file is written and fails the test unless regenerating. */
    public static void assertMatches(Path golden, String text) throws IOException {
        if (REGENERATE || !Files.exists(golden)) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, text);
            assertThat(REGENERATE).as("golden file %s was missing and has been written; review it and run again", golden).isTrue();
        }
        assertThat(text).isEqualTo(Files.readString(golden));
    }
}
