package dev.sluice.analysis.provider;

import java.util.Optional;

/** Reads one key of a Kubernetes Secret; backed by the Kubernetes client in the service, by a map in tests. */
@FunctionalInterface
public interface SecretReader {
    Optional<String> read(String namespace, String secretName, String key);
}
