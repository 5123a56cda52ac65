package dev.sluice.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Where things are: the repository root (system property {@code sluice.root}, else the nearest folder above
 * the working directory holding {@code mvnw}), the packaged services, the child classpath Maven wrote, the logs.
 */
public final class Layout {
    private final Path root;

    private Layout(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static Layout detect() {
        String configured = System.getProperty("sluice.root");
        if (configured != null && !configured.isBlank()) {
            return new Layout(Path.of(configured));
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("e2e"))) {
                return new Layout(dir);
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("cannot find the Sluice repository root; set -Dsluice.root");
    }

    public Path root() {
        return root;
    }

    public Path crds() {
        return root.resolve("deploy/crds");
    }

    /** {@code <svc>/target/quarkus-app/quarkus-run.jar}, which must exist (the services are packaged first). */
    public Path serviceJar(String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw -B -DskipTests package)");
        }
        return jar;
    }

    /** The runtime classpath of module e2e: its classes plus the jars Maven listed at build time. */
    public String childClasspath() {
        Path target = root.resolve("e2e/target");
        Path listed = target.resolve("e2e-classpath.txt");
        try {
            List<String> entries = new ArrayList<>();
            entries.add(target.resolve("classes").toString());
            entries.add(Files.readString(listed).trim());
            return String.join(java.io.File.pathSeparator, entries);
        } catch (IOException e) {
            throw new UncheckedIOException(listed + " is missing: build module e2e first", e);
        }
    }

    /** A fresh folder for this run's process logs under {@code e2e/target/e2e-logs/}. */
    public Path newLogDir(String label) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        Path dir = root.resolve("e2e/target/e2e-logs").resolve(stamp + "-" + label);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** A small JVM command for one of this module's main classes. */
    public List<String> javaMain(String heap, String mainClass, List<String> args) {
        List<String> cmd = java(heap);
        cmd.addAll(List.of("-cp", childClasspath(), mainClass));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * {@code java} with the flags every child process gets: a heap cap, the serial collector, and — unless
     * {@value #FULL_JIT} is {@code true} (the benchmark sets it) — the C1 compiler only, which starts a JVM fastest but
     * runs a busy one slower. Extra flags (e.g. for profiling) come from system property {@value #CHILD_JVM_OPTIONS},
     * separated by spaces.
     */
    public static List<String> java(String heap) {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx" + heap, "-XX:+UseSerialGC"));
        if (!Boolean.getBoolean(FULL_JIT)) {
            cmd.add("-XX:TieredStopAtLevel=1");
        }
        String extra = System.getProperty(CHILD_JVM_OPTIONS, "").trim();
        if (!extra.isEmpty()) {
            cmd.addAll(List.of(extra.split("\\s+")));
        }
        return cmd;
    }

    /**
     * The heap of one child process: system property {@code sluice.e2e.heap.<name>} (e.g. {@code sluice.e2e.heap.kube-api=4g},
     * {@code sluice.e2e.heap.controller-svc=1g}; the benchmark's scale parts set them), else {@code fallback}.
     */
    public static String heap(String process, String fallback) {
        return System.getProperty("sluice.e2e.heap." + process, fallback);
    }

    public static final String FULL_JIT = "sluice.e2e.fullJit";
    public static final String CHILD_JVM_OPTIONS = "sluice.e2e.childJvmOptions";

    public static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
