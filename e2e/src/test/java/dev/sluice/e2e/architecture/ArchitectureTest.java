package dev.sluice.e2e.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.e2e.harness.Layout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guard rails for the three rings (docs/architecture.md §6): the pure cores import no framework, no Kubernetes
 * client and no Kafka client, and no service depends on another service. A plain scan of the sources' import
 * lines and the services' POMs, so it needs no extra dependency and reads the tree as a reviewer would.
 */
class ArchitectureTest {

    /** What a pure core may not import: frameworks, the Kubernetes client, Kafka, HTTP servers. */
    private static final List<String> FRAMEWORKS = List.of("io.quarkus.", "jakarta.", "javax.inject.",
            "io.fabric8.kubernetes.client.", "io.smallrye.", "io.vertx.", "org.apache.kafka.",
            "org.eclipse.microprofile.", "org.jboss.");

    private static final List<String> SERVICES = List.of("controller-svc", "analysis-svc", "traffic-svc", "notify-svc");

    /** Comments, character and string literals, and the package and import lines: what is not code that uses a type. */
    private static final Pattern QUALIFIED_SKIP = Pattern.compile(
            "(?s)/\\*.*?\\*/|//[^\n]*|'(?:\\\\.|[^'\\\\])'|\"(?:\\\\.|[^\"\\\\])*\"|(?m)^(?:package|import)\\s[^\n]*");

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    /** A pure core: its sources, and the packages of its own service it may not import either (wiring, adapters). */
    record PureCore(String name, String dir, List<String> alsoForbidden) {
        PureCore(String name, String dir) {
            this(name, dir, List.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<PureCore> pureCores() {
        return Stream.of(
                new PureCore("the canary and blue-green engines import no framework",
                        "controller-svc/src/main/java/dev/sluice/controller/rollout"),
                new PureCore("analysis's measurement and verdict rules import no framework and none of the service's wiring",
                        "analysis-svc/src/main/java/dev/sluice/analysis/core",
                        List.of("dev.sluice.analysis.wiring.", "dev.sluice.analysis.kubernetes.", "dev.sluice.analysis.messaging.",
                                "dev.sluice.analysis.api.")),
                new PureCore("analysis's CEL conditions import no framework",
                        "analysis-svc/src/main/java/dev/sluice/analysis/condition"),
                new PureCore("the routers over JSON trees import no framework",
                        "traffic-svc/src/main/java/dev/sluice/traffic/router"),
                new PureCore("the zero-downtime rules import no framework",
                        "hygiene/src/main/java/dev/sluice/hygiene"),
                new PureCore("notify's trigger and recipient decisions import no framework",
                        "notify-svc/src/main/java/dev/sluice/notify/decide"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pureCores")
    void pureCoreImportsNoFramework(PureCore core) {
        List<Path> sources = javaFiles(Layout.detect().root().resolve(core.dir()));
        assertThat(sources).as("sources under %s", core.dir()).isNotEmpty();
        List<String> offending = new ArrayList<>();
        List<String> forbidden = new ArrayList<>(FRAMEWORKS);
        forbidden.addAll(core.alsoForbidden());
        for (Path source : sources) {
            for (String imported : imports(source)) {
                if (forbidden.stream().anyMatch(imported::startsWith)) {
                    offending.add(Layout.detect().root().relativize(source) + " imports " + imported);
                }
            }
            // a fully qualified name in the code counts as much as an import
            String code = QUALIFIED_SKIP.matcher(read(source)).replaceAll(" ");
            forbidden.stream().filter(code::contains)
                    .forEach(p -> offending.add(Layout.detect().root().relativize(source) + " names " + p + "* in its code"));
        }
        assertThat(offending).as("framework or wiring imports in a pure core").isEmpty();
    }

    static Stream<String> services() {
        return SERVICES.stream();
    }

    @ParameterizedTest(name = "{0} depends on no other service")
    @MethodSource("services")
    void serviceDependsOnNoOtherService(String service) throws IOException {
        Path module = Layout.detect().root().resolve(service);
        String pom = Files.readString(module.resolve("pom.xml"));
        List<String> offending = new ArrayList<>();
        for (String other : SERVICES) {
            if (other.equals(service)) {
                continue;
            }
            if (pom.contains("<artifactId>" + other + "</artifactId>")) {
                offending.add("pom.xml depends on " + other);
            }
            String otherPackage = "dev.sluice." + other.substring(0, other.indexOf('-')) + ".";
            List<Path> sources = javaFiles(module.resolve("src/main/java"));
            assertThat(sources).isNotEmpty();
            for (Path source : sources) {
                imports(source).stream().filter(i -> i.startsWith(otherPackage))
                        .forEach(i -> offending.add(Layout.detect().root().relativize(source) + " imports " + i));
            }
        }
        assertThat(offending).isEmpty();
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> imports(Path source) {
        try {
            Matcher m = IMPORT.matcher(Files.readString(source));
            List<String> found = new ArrayList<>();
            while (m.find()) {
                found.add(m.group(1));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
