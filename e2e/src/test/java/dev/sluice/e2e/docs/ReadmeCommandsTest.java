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
 * a sub-command the script has, every {@code kubectl sluice X} a sub-command of the plugin, every {@code ./mvnw}
 * command that selects modules with {@code -pl} also builds what they need ({@code -am}) and none is offline
 * ({@code -o} fails where nothing was downloaded yet), and every path in the root README's "Where is what" table
 * exists. Commands are read from inline code and from the lines of fenced blocks, in every Markdown file of the tree.
 */
class ReadmeCommandsTest {
    private static final Path ROOT = Layout.detect().root();
    private static final Pattern CODE = Pattern.compile("`(\\./(?:sluice|mvnw)[^`]*)`");
    /** A fenced block's content. */
    private static final Pattern FENCE = Pattern.compile("(?s)```[\\w-]*\\n(.*?)```");
    /** {@code kubectl sluice} and the word after it (which may list several: {@code get/promote}, {@code promote|abort}). */
    private static final Pattern KUBECTL_SLUICE = Pattern.compile("kubectl[ -]sluice\\s+([a-z][\\w/|-]*)");
    /** {@code kubectl apply|delete ... -k <dir>}: the kustomization it applies. */
    private static final Pattern KUSTOMIZE = Pattern.compile("kubectl (?:apply|delete)[^\\n`]*?\\s-k\\s+([\\w./-]+)");
    private static final Pattern CLI_COMMAND = Pattern.compile("@Command\\(name = \"([\\w-]+)\"");
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
    void everyKubectlSluiceCommandInTheDocsExists() throws IOException {
        Set<String> subCommands = cliSubCommands();
        assertThat(subCommands).contains("get", "promote", "lint");
        List<Found> found = findInDocs(KUBECTL_SLUICE);
        List<String> unknown = new ArrayList<>();
        for (Found f : found) {
            for (String word : f.match().group(1).split("[/|]")) {
                if (!word.isEmpty() && !subCommands.contains(word)) {
                    unknown.add(f.doc() + ": kubectl sluice " + f.match().group(1));
                }
            }
        }
        assertThat(found).as("kubectl sluice commands found in the docs").isNotEmpty();
        assertThat(unknown).as("kubectl sluice sub-commands the plugin does not have").isEmpty();
    }

    @Test
    void everyKustomizationTheDocsApplyExists() throws IOException {
        List<Found> found = findInDocs(KUSTOMIZE);
        List<String> missing = found.stream()
                .filter(f -> !Files.isRegularFile(ROOT.resolve(f.match().group(1)).resolve("kustomization.yaml")))
                .map(f -> f.doc() + ": " + f.match().group(0)).toList();
        assertThat(found).as("kubectl -k commands found in the docs").isNotEmpty();
        assertThat(missing).as("kustomizations the docs apply that do not exist").isEmpty();
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

    /** A match of a pattern in a Markdown file (path relative to the root). */
    record Found(Path doc, java.util.regex.MatchResult match) {}

    private static List<Found> findInDocs(Pattern pattern) throws IOException {
        List<Found> found = new ArrayList<>();
        for (Path doc : markdownFiles()) {
            pattern.matcher(Files.readString(doc)).results().forEach(m -> found.add(new Found(ROOT.relativize(doc), m)));
        }
        return found;
    }

    private static List<Doc> docs() {
        return markdownFiles().stream().map(p -> new Doc(ROOT.relativize(p), commands(p))).toList();
    }

    private static List<Path> markdownFiles() {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().contains("target/"))
                    .filter(p -> !ROOT.relativize(p).toString().startsWith("."))
                    .filter(p -> !ROOT.relativize(p).toString().contains("node_modules"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code ./sluice} and {@code ./mvnw} commands of a Markdown file: inline code, and lines of fenced blocks. */
    static List<String> commands(Path markdown) {
        try {
            String text = Files.readString(markdown);
            List<String> whole = new ArrayList<>();
            Matcher m = CODE.matcher(text);
            while (m.find()) {
                whole.add(m.group(1));
            }
            Matcher fence = FENCE.matcher(text);
            while (fence.find()) {
                // a line ending in a backslash goes on on the next one
                for (String line : fence.group(1).replace("\\\n", " ").split("\n")) {
                    String command = line.strip().replaceFirst("^\\$\\s+", "").replaceFirst("\\s+#.*$", "");
                    if (command.startsWith("./sluice") || command.startsWith("./mvnw")) {
                        whole.add(command);
                    }
                }
            }
            List<String> found = new ArrayList<>();
            for (String command : whole) {
                for (String part : command.split("&&")) {
                    found.add(part.trim());
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The plugin's sub-commands, as its sources name them, and picocli's built-in {@code help} and completion. */
    private static Set<String> cliSubCommands() throws IOException {
        Set<String> names = new LinkedHashSet<>(List.of("help", "generate-completion"));
        try (Stream<Path> walk = Files.walk(ROOT.resolve("cli/src/main/java/dev/sluice/cli/command"))) {
            for (Path source : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = CLI_COMMAND.matcher(Files.readString(source));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
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
