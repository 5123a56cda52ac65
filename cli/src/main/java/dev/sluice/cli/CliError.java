package dev.sluice.cli;

/** A failure shown to the user as one line on stderr with a non-zero exit code; never a stack trace. */
public final class CliError extends RuntimeException {
    private final int exitCode;

    public CliError(String message) {
        this(message, 1);
    }

    public CliError(String message, int exitCode) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
