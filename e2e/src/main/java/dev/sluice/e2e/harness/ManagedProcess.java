package dev.sluice.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One OS process the harness started: its output goes to a log file, and {@link #stop()} ends it and every
 * descendant (graceful first, forced after a grace period).
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ManagedProcess.class.getName());

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path log;
    private volatile Process process;

    private ManagedProcess(String name, List<String> command, Map<String, String> env, Path log) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.log = log;
    }

    /** Starts {@code command}; stdout and stderr are appended to {@code <logDir>/<name>.log}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path logDir) {
        ManagedProcess p = new ManagedProcess(name, command, env, logDir.resolve(name + ".log"));
        p.launch();
        return p;
    }

    private void launch() {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ " + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            process = pb.start();
            LOG.fine(() -> "started " + name + " pid " + process.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    /** Starts the same command again (after {@link #kill()} or {@link #stop()}), appending to the same log. */
    public void restart() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** Resident set size in kB, read from /proc; -1 when unknown. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** {@code kill -9}: no shutdown hooks, no graceful close (fault scenarios). Descendants are killed too. */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        waitFor(p, 10);
    }

    /** SIGTERM, then SIGKILL after a grace period; descendants included. Safe to call twice. */
    public void stop() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        if (!waitFor(p, 15)) {
            LOG.warning(name + " did not stop within 15 s; killing it");
            p.destroyForcibly();
            waitFor(p, 5);
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    private static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            Deque<String> last = new ArrayDeque<>();
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
            return String.join(System.lineSeparator(), last);
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Whether the process exited already, and how (for error messages). */
    public String state() {
        Process p = process;
        if (p == null) {
            return "not started";
        }
        return p.isAlive() ? "running (pid " + p.pid() + ")" : "exited with code " + p.exitValue();
    }

    @Override
    public void close() {
        stop();
    }
}
