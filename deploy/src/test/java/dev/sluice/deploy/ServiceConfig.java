package dev.sluice.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/** What the manifests must agree with in the services' own configuration (read from their source trees). */
final class ServiceConfig {
    /** Deployment name, module folder. */
    record Service(String name, String module) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("sluice-controller", "controller-svc"),
            new Service("sluice-analysis", "analysis-svc"),
            new Service("sluice-traffic", "traffic-svc"));

    private ServiceConfig() {
    }

    /** quarkus.shutdown.timeout of a service: its application.properties, else service-common's defaults. */
    static long shutdownTimeoutSeconds(Service service) {
        String value = property(DeployTree.ROOT.resolve(service.module()).resolve("src/main/resources/application.properties"));
        if (value == null) {
            value = property(DeployTree.ROOT.resolve("service-common/src/main/resources/META-INF/microprofile-config.properties"));
        }
        if (value == null) {
            throw new IllegalStateException("quarkus.shutdown.timeout is set nowhere: a pod would stop without draining");
        }
        return Duration.parse("PT" + value.strip().toUpperCase()).toSeconds();
    }

    private static String property(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("quarkus.shutdown.timeout");
    }
}
