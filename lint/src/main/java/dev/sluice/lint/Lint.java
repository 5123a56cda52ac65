package dev.sluice.lint;

import dev.sluice.hygiene.Finding;
import dev.sluice.hygiene.Hygiene;
import dev.sluice.hygiene.Manifest;
import dev.sluice.hygiene.Severity;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sluice lint}: the zero-downtime rules over manifests, the offline validation of Rollouts and
 * AnalysisTemplates, and the Rollout warnings, as text, JSON or SARIF. The one implementation behind
 * {@code ./sluice lint} and {@code kubectl sluice lint}: call {@link #run(List, PrintStream, PrintStream)}.
 *
 * <p>Exit codes: 0 nothing at or above {@code --severity}; 1 a finding at or above it; 2 a usage or input error (one
 * line on {@code err}).
 */
public final class Lint {
    public static final int OK = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: sluice lint -f <file|dir|-> [-f ...] [-o text|json|sarif] [--severity error|warning] [--list-rules]
              -f, --filename   a manifest file, a directory (every .yaml/.yml/.json below it) or - for stdin; repeatable
              -o, --output     text (default), json, or sarif (GitHub code scanning)
              --severity       the lowest severity that fails the lint (exit 1): error (default) or warning
              --list-rules     print every rule: id, severity, what it checks
            Every finding is printed; an object skips rules listed in its annotation lint.sluice.dev/ignore: rule-id[,rule-id].""";

    /** What the command line asked for. */
    record Options(List<String> files, String output, Severity failAt, boolean listRules, boolean help) {
    }

    static {
        // json-path logs through SLF4J; without a binding SLF4J prints three lines of warnings on stderr
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private Lint() {
    }

    /** Runs the lint with stdin as {@code -}. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    public static int run(List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        return run("sluice lint", args, stdin, out, err);
    }

    /** As {@link #run(List, InputStream, PrintStream, PrintStream)}, naming {@code program} in its error lines. */
    public static int run(String program, List<String> args, InputStream stdin, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println(program + ": " + e.getMessage() + " (see " + program + " --help)");
            return USAGE;
        }
        if (options.help()) {
            out.println(USAGE_TEXT);
            return OK;
        }
        if (options.listRules()) {
            LintRule.all().forEach(r -> out.printf("%-30s %-8s %s%n", r.id(), r.severity().label(), r.what()));
            return OK;
        }
        List<Inputs.Read> read;
        try {
            read = Inputs.read(options.files(), stdin);
        } catch (Inputs.BadInput e) {
            err.println(program + ": " + e.getMessage());
            return USAGE;
        }
        List<Manifest> manifests = read.stream().map(Inputs.Read::manifest).toList();
        List<Finding> findings = findings(manifests);
        Map<String, Integer> lines = new HashMap<>();
        read.forEach(r -> lines.putIfAbsent(key(r.manifest().file(), r.manifest().describe()), r.line()));
        Report report = new Report(findings, manifests.size(), f -> lines.getOrDefault(key(f.file(), f.object()), 1));
        switch (options.output()) {
            case "json" -> out.println(report.json());
            case "sarif" -> out.println(report.sarif());
            default -> out.print(report.text());
        }
        return findings.stream().anyMatch(f -> f.severity().compareTo(options.failAt()) >= 0) ? FINDINGS : OK;
    }

    /** Every finding: the zero-downtime rules, then the Rollout and AnalysisTemplate checks, ignores applied. */
    public static List<Finding> findings(List<Manifest> manifests) {
        List<Finding> findings = new ArrayList<>(Hygiene.check(manifests));
        for (Finding f : SpecChecks.check(manifests)) {
            Optional<Manifest> object = manifests.stream().filter(m -> m.file().equals(f.file()) && m.describe().equals(f.object()))
                    .findFirst();
            if (object.isEmpty() || !Hygiene.ignoredRules(object.get()).contains(f.rule())) {
                findings.add(f);
            }
        }
        findings.sort(Finding.ORDER);
        return findings;
    }

    static Options parse(List<String> args) {
        List<String> files = new ArrayList<>();
        String output = "text";
        Severity failAt = Severity.ERROR;
        boolean list = false;
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("-") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "-f", "--filename" -> files.add(value != null ? value : next(args, ++i, arg));
                case "-o", "--output" -> {
                    output = value != null ? value : next(args, ++i, arg);
                    if (!Set.of("text", "json", "sarif").contains(output)) {
                        throw new IllegalArgumentException("unknown output '" + output + "': use text, json or sarif");
                    }
                }
                case "--severity" -> {
                    String level = value != null ? value : next(args, ++i, arg);
                    failAt = Severity.parse(level).orElseThrow(() -> new IllegalArgumentException(
                            "unknown severity '" + level + "': use error or warning"));
                }
                case "--list-rules" -> list = true;
                case "-h", "--help" -> help = true;
                default -> throw new IllegalArgumentException("unknown argument '" + args.get(i) + "'");
            }
        }
        if (files.isEmpty() && !list && !help) {
            throw new IllegalArgumentException("nothing to lint: give -f <file|dir|->");
        }
        return new Options(List.copyOf(files), output, failAt, list, help);
    }

    private static String next(List<String> args, int i, String flag) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args.get(i);
    }

    private static String key(String file, String object) {
        return file + "\u0000" + object;
    }
}
