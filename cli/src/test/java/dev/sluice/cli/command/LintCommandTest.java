package dev.sluice.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.Golden;
import dev.sluice.cli.Main;
import dev.sluice.lint.Lint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl sluice lint} against golden files in {@code src/test/resources/golden/lint/}, and against
 * {@code ./sluice lint} ({@link Lint#run}) with the same arguments: the same output and exit code, one implementation.
 * Regenerate with {@code -Dsluice.regenerate=true} and review the diff.
 */
class LintCommandTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden/lint");
    private static final String SHOP = "src/test/resources/lint/shop.yaml";
    private static final String CLEAN = "src/test/resources/lint/clean.yaml";

    record Ran(int exit, String out, String err) {
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("findings print with their why and fix, and an error exits 1", "findings", 1, List.of("-f", SHOP)),
                Arguments.of("json carries the summary and every finding", "findings-json", 1, List.of("-f", SHOP, "-o", "json")),
                Arguments.of("sarif places each result at its object's first line", "findings-sarif", 1,
                        List.of("-f", SHOP, "--output=sarif")),
                Arguments.of("a hardened deployment with its budget is clean", "clean", 0, List.of("-f", CLEAN)),
                Arguments.of("a clean file stays clean at --severity warning", "clean-warning", 0, List.of("-f", CLEAN, "--severity", "warning")),
                Arguments.of("several files are linted together", "two-files", 1, List.of("-f", CLEAN, "-f", SHOP, "--severity", "error")),
                Arguments.of("--list-rules prints every rule", "rules", 0, List.of("--list-rules")),
                Arguments.of("an unknown output format is one line and exit 2", "bad-output", 2, List.of("-f", SHOP, "-o", "xml")),
                Arguments.of("a missing file is one line and exit 2", "missing-file", 2, List.of("-f", "no/such.yaml")),
                Arguments.of("nothing to lint is one line and exit 2", "nothing", 2, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void prints_the_golden_output_and_exits_like_sluice_lint(String sentence, String file, int exit, List<String> args)
            throws IOException {
        Ran kubectl = kubectl("", args);
        Ran sluice = sluice("", args);

        golden(file, kubectl.out() + (kubectl.err().isEmpty() ? "" : "--- stderr\n" + kubectl.err()));
        assertThat(kubectl.exit()).as(kubectl.err()).isEqualTo(exit);
        assertThat(sluice.exit()).isEqualTo(exit);
        assertThat(kubectl.out()).isEqualTo(sluice.out());
        assertThat(kubectl.err()).isEqualTo(sluice.err().replace("sluice lint", "kubectl sluice lint"));
        assertThat(kubectl.err().lines().count()).as("an error is one line").isLessThanOrEqualTo(1);
    }

    @Test
    void reads_stdin_for_dash() throws IOException {
        Ran ran = kubectl(Files.readString(Path.of(CLEAN)), List.of("-f", "-"));

        assertThat(ran.exit()).as(ran.err()).isZero();
        assertThat(ran.out()).isEqualTo("no findings in 2 objects\n");
    }

    @Test
    void help_shows_the_options_and_examples() {
        Ran help = kubectl("", List.of("--help"));

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--filename=FILE|DIR|-", "--severity=LEVEL", "--list-rules", "Examples:",
                "kubectl sluice lint -f deploy/", "lint.sluice.dev/ignore");
    }

    @Test
    void completion_knows_the_command_its_options_and_their_values() {
        StringWriter script = new StringWriter();
        assertThat(Main.run(new PrintWriter(script, true), new PrintWriter(new StringWriter()), "generate-completion")).isZero();

        assertThat(script.toString()).contains("_picocli_kubectl-sluice_lint()", "--severity", "--list-rules", "(\"text\" \"json\" \"sarif\")",
                "(\"error\" \"warning\")");
    }

    private static Ran kubectl(String stdin, List<String> args) {
        InputStream in = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            String[] line = Stream.concat(Stream.of("lint"), args.stream()).toArray(String[]::new);
            int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), line);
            return new Ran(exit, out.toString(), err.toString());
        } finally {
            System.setIn(in);
        }
    }

    private static Ran sluice(String stdin, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Lint.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Ran(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void golden(String file, String text) throws IOException {
        Golden.assertMatches(GOLDEN.resolve(file + ".txt"), text);
    }
}
