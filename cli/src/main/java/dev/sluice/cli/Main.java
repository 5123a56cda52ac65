package dev.sluice.cli;

import dev.sluice.cli.command.ActionCommands;
import dev.sluice.cli.command.AnalysisCommand;
import dev.sluice.cli.command.ConvertCommand;
import dev.sluice.cli.command.GetCommand;
import dev.sluice.cli.command.LintCommand;
import dev.sluice.cli.command.ListCommand;
import dev.sluice.cli.command.SetCommand;
import dev.sluice.cli.command.StatusCommand;
import java.io.PrintWriter;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code kubectl sluice}: the entry point. Errors leave as one line on stderr and a non-zero exit code. */
@Command(name = "kubectl-sluice", mixinStandardHelpOptions = true, version = "kubectl-sluice 0.1.0",
        description = "Operate Sluice rollouts from a terminal; lint manifests; convert Argo Rollouts and Flagger manifests.",
        subcommands = {GetCommand.class, ListCommand.class, ActionCommands.Promote.class, ActionCommands.Abort.class,
                ActionCommands.Retry.class, ActionCommands.Pause.class, ActionCommands.Resume.class, ActionCommands.Restart.class,
                ActionCommands.Undo.class, SetCommand.class, StatusCommand.class, ConvertCommand.class, LintCommand.class, AnalysisCommand.class,
                AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:", "  kubectl sluice get rollout checkout --watch", "  kubectl sluice promote checkout",
                "  kubectl sluice status checkout --timeout 10m && echo released",
                "  kubectl sluice lint -f k8s/",
                "  kubectl sluice convert -f argo-rollout.yaml > sluice.yaml",
                "  source <(kubectl sluice generate-completion)   # bash and zsh completion"})
public class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof CliError c) {
                line.getErr().println("error: " + c.getMessage());
                return c.exitCode();
            }
            line.getErr().println("error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        });
        return cli;
    }
}
