package dev.sluice.analysis.kubernetes;

import dev.sluice.analysis.provider.SecretReader;
import dev.sluice.analysis.redact.SecretValues;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Secret keys for {@code secretKeyRef} args and providers. Values are returned, never logged, and remembered by
 * {@link SecretValues} so that they are masked wherever a provider's answer or error repeats them.
 */
@ApplicationScoped
public class KubernetesSecrets implements SecretReader {
    private final KubernetesClient client;
    private final SecretValues known;

    @Inject
    public KubernetesSecrets(KubernetesClient client, SecretValues known) {
        this.client = client;
        this.known = known;
    }

    @Override
    public Optional<String> read(String namespace, String secretName, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return Optional.ofNullable(known.remember(secret.getStringData().get(key)));
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return Optional.of(known.remember(new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }
}
