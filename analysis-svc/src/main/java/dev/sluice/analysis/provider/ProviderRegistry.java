package dev.sluice.analysis.provider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every {@link MetricProvider} bean, by {@link MetricProvider#type()}. */
@ApplicationScoped
public class ProviderRegistry {
    private final Map<String, MetricProvider> byType = new TreeMap<>();

    @Inject
    public ProviderRegistry(@Any Instance<MetricProvider> providers) {
        for (MetricProvider p : providers) {
            MetricProvider previous = byType.put(p.type(), p);
            if (previous != null) {
                throw new IllegalStateException("two metric providers claim type '" + p.type() + "': "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
    }

    public Optional<MetricProvider> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public java.util.Set<String> types() {
        return byType.keySet();
    }
}
