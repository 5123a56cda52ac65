package dev.sluice.e2e.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.e2e.harness.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The commands and paths the READMEs show are the ones that work on a clean clone: every {@code ./sluice X} names
 * a sub-command the script has, every {@code ./mvnw} command that selects modules with {@code -pl} also builds what
 * they need ({@code -am}) and none is offline ({@code -o} fails where nothing was downloaded yet), and every path in
 * the root README's "Where is what" table exists.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Layout.detect().root();
    private static final Pattern CODE = Pattern.compile("`(\\./(?:sluice|mvnw)[^`]*)`");
    private static final Pattern CASE_LABEL = Pattern.compile("^\\s{2}([a-z|-]+)\\)", Pattern.MULTILINE);

    @Test
    void everySluiceCommandInTheDocsExists() throws IOException {
        Set<String> subCommands = subCommands();
        assertThat(subCommands).contains("test", "demo");
        List<String> unknown = new ArrayList<>();
        for (Doc doc : docs()) {
            for (String command : doc.commands()) {
                String[] words = command.split("\\s+");
                if (words[0].equals("./sluice") && words.length > 1 && !subCommands.contains(words[1])) {
                    unknown.add(doc.path() + ": " + command);
                }
            }
        }
        assertThat(unknown).as("./sluice sub-commands the script does not have").isEmpty();
    }

    @Test
    void everyMavenCommandInTheDocsWorksOnACleanClone() {
        List<String> broken = new ArrayList<>();
        int seen = 0;
        for (Doc doc : docs()) {
            for (String command : doc.commands()) {
                if (!command.startsWith("./mvnw ")) {
                    continue;
                }
                seen++;
                List<String> words = List.of(command.split("\\s+"));
                if (words.contains("-pl") && !words.contains("-am")) {
                    broken.add(doc.path() + ": " + command + " (selects modules with -pl but does not build what they need: add -am)");
                }
                if (words.contains("-o") || words.contains("--offline")) {
                    broken.add(doc.path() + ": " + command + " (offline fails on a fresh machine)");
                }
            }
        }
        assertThat(seen).as("./mvnw commands found in the docs").isPositive();
        assertThat(broken).isEmpty();
    }

    @Test
    void everyPathInTheWhereIsWhatTableExists() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Where is what");
        assertThat(start).as("the README has a 'Where is what' section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String table = readme.substring(start, end < 0 ? readme.length() : end);
        Matcher m = Pattern.compile("`([\\w./-]+/[\\w./-]*)`").matcher(table);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        while (m.find()) {
            String path = m.group(1);
            if (path.startsWith("sluice.dev/")) {
                continue;
            }
            checked++;
            if (!exists(path)) {
                missing.add(path);
            }
        }
        assertThat(checked).as("paths checked").isGreaterThan(10);
        assertThat(missing).as("paths in 'Where is what' that do not exist").isEmpty();
    }

    /** A path as the table writes it; {@code a/.../b/c} stands for any path under {@code a} that ends in {@code b/c}. */
    private static boolean exists(String path) {
        int gap = path.indexOf("/.../");
        if (gap < 0) {
            return Files.exists(ROOT.resolve(path));
        }
        Path base = ROOT.resolve(path.substring(0, gap));
        String tail = "/" + path.substring(gap + "/.../".length()).replaceAll("/$", "");
        if (!Files.isDirectory(base)) {
            return false;
        }
        try (Stream<Path> walk = Files.walk(base)) {
            return walk.anyMatch(p -> p.toString().endsWith(tail) && !p.toString().contains("/target/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Doc(Path path, List<String> commands) {}

    private static List<Doc> docs() {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().contains("target/"))
                    .filter(p -> !ROOT.relativize(p).toString().startsWith("."))
                    .filter(p -> !ROOT.relativize(p).toString().contains("node_modules"))
                    .sorted()
                    .map(p -> new Doc(ROOT.relativize(p), commands(p)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> commands(Path markdown) {
        try {
            Matcher m = CODE.matcher(Files.readString(markdown));
            List<String> found = new ArrayList<>();
            while (m.find()) {
                for (String part : m.group(1).split("&&")) {
                    found.add(part.trim());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> subCommands() throws IOException {
        Matcher m = CASE_LABEL.matcher(Files.readString(ROOT.resolve("sluice")));
        Set<String> names = new LinkedHashSet<>();
        while (m.find()) {
            for (String name : m.group(1).split("\\|")) {
                names.add(name);
            }
        }
        return names;
    }
}
