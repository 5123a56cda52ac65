package dev.sluice.cli.command;

import dev.sluice.lint.Lint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code kubectl sluice lint}: {@code ./sluice lint} itself ({@link Lint#run}, module {@code lint}): the options are
 * declared here for {@code --help} and completion and handed to the lint unchanged, so the output, the findings and the
 * exit codes are the same.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check manifests offline: the zero-downtime rules (probes, budgets, surge, graceful shutdown, ...) and "
                + "the validation of Rollouts and AnalysisTemplates the controller and analysis-svc apply. Exit 0 clean, "
                + "1 a finding at or above --severity, 2 a usage or input error. An object skips the rules named in its "
                + "annotation lint.sluice.dev/ignore: rule-id[,rule-id]. No cluster is asked.",
        footer = {"", "Examples:", "  kubectl sluice lint -f deploy/", "  kubectl sluice lint -f rollout.yaml -f analysis.yaml --severity warning",
                "  helm template ./chart | kubectl sluice lint -f -", "  kubectl sluice lint -f k8s/ -o sarif > lint.sarif   # GitHub code scanning",
                "  kubectl sluice lint --list-rules"})
public class LintCommand implements Callable<Integer> {
    @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-",
            description = "A manifest file, a directory (every .yaml/.yml/.json below it) or - for stdin; repeatable.")
    List<String> files = new ArrayList<>();
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "text (default), json, or sarif (GitHub code scanning).")
    String output;
    @Option(names = "--severity", paramLabel = "LEVEL", completionCandidates = Levels.class,
            description = "The lowest severity that fails the lint (exit 1): error (default) or warning.")
    String severity;
    @Option(names = "--list-rules", description = "Print every rule: id, severity, what it checks.")
    boolean listRules;
    @Spec
    CommandSpec spec;

    static final class Formats extends ArrayList<String> {
        Formats() {
            super(List.of("text", "json", "sarif"));
        }
    }

    static final class Levels extends ArrayList<String> {
        Levels() {
            super(List.of("error", "warning"));
        }
    }

    @Override
    public Integer call() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Lint.run("kubectl sluice lint", arguments(), System.in, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        spec.commandLine().getOut().print(out.toString(StandardCharsets.UTF_8));
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().print(err.toString(StandardCharsets.UTF_8));
        spec.commandLine().getErr().flush();
        return exit;
    }

    /** The command line as {@code ./sluice lint} reads it. */
    List<String> arguments() {
        List<String> args = new ArrayList<>();
        files.forEach(f -> args.addAll(List.of("-f", f)));
        if (output != null) {
            args.addAll(List.of("-o", output));
        }
        if (severity != null) {
            args.addAll(List.of("--severity", severity));
        }
        if (listRules) {
            args.add("--list-rules");
        }
        return args;
    }
}
