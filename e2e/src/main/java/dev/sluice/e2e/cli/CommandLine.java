package dev.sluice.e2e.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of {@code ./sluice demo} and {@code ./sluice bench}: {@code --help}/{@code -h}, known flags, known
 * options with a value ({@code --name value} or {@code --name=value}); anything else is an error with one line to
 * show the user, never a stack trace and never a run with what was meant as a typo.
 */
public final class CommandLine {

    /** What the arguments asked for. */
    public sealed interface Parsed {
        /** Print the usage and exit 0. */
        record Help() implements Parsed {
        }

        /** Run with these flags and option values. */
        record Run(Set<String> flags, Map<String, String> options) implements Parsed {
            public String option(String name, String fallback) {
                return options.getOrDefault(name, fallback);
            }
        }

        /** Exit 2 after printing {@code message} and the usage line. */
        record Error(String message) implements Parsed {
        }
    }

    private CommandLine() {
    }

    public static Parsed parse(List<String> args, Set<String> knownFlags, Set<String> knownOptions) {
        Set<String> flags = new HashSet<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Parsed.Help();
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (knownFlags.contains(arg)) {
                flags.add(arg);
            } else if (knownOptions.contains(name)) {
                if (arg.contains("=")) {
                    options.put(name, arg.substring(arg.indexOf('=') + 1));
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    options.put(name, args.get(++i));
                } else {
                    return new Parsed.Error(name + " needs a value");
                }
            } else {
                return new Parsed.Error("unknown " + (arg.startsWith("-") ? "option " : "argument ") + arg);
            }
        }
        return new Parsed.Run(flags, options);
    }

    /**
     * What a command's {@code main} does with the parsed arguments: on {@code --help} prints {@code usage} and {@code help}
     * and exits 0; on an error prints {@code <command>: <message>} and {@code usage} to stderr and exits 2; else the run.
     */
    public static Parsed.Run runOrExit(Parsed parsed, String command, String usage, String help) {
        if (parsed instanceof Parsed.Help) {
            System.out.println(usage);
            System.out.println(help);
            System.exit(0);
        }
        if (parsed instanceof Parsed.Error e) {
            System.err.println(command + ": " + e.message());
            System.err.println(usage);
            System.exit(2);
        }
        return (Parsed.Run) parsed;
    }

    /** A whole number option within {@code min..max}, or an error message. */
    public static Object positive(Parsed.Run run, String name, int fallback, int max) {
        String raw = run.option(name, null);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            return value >= 1 && value <= max ? value : name + " must be within 1.." + max + " (got " + raw + ")";
        } catch (NumberFormatException e) {
            return name + " must be a whole number (got '" + raw + "')";
        }
    }
}
