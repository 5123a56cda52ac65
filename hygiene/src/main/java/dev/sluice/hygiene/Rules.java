package dev.sluice.hygiene;

import dev.sluice.hygiene.rules.DisruptionBudget;
import dev.sluice.hygiene.rules.DrainAllowed;
import dev.sluice.hygiene.rules.GracePeriod;
import dev.sluice.hygiene.rules.HpaMinReplicas;
import dev.sluice.hygiene.rules.ImageTag;
import dev.sluice.hygiene.rules.LivenessProbe;
import dev.sluice.hygiene.rules.MinReadySeconds;
import dev.sluice.hygiene.rules.PreStopHook;
import dev.sluice.hygiene.rules.ProbePort;
import dev.sluice.hygiene.rules.ReadinessProbe;
import dev.sluice.hygiene.rules.Replicas;
import dev.sluice.hygiene.rules.ResourceRequests;
import dev.sluice.hygiene.rules.RollingUpdate;
import dev.sluice.hygiene.rules.Spread;
import java.util.List;
import java.util.Optional;

/** Every rule, errors first, in the order the README's table lists them. */
public final class Rules {
    public static final List<Rule> ALL = List.of(
            new ReadinessProbe(), new PreStopHook(), new GracePeriod(), new RollingUpdate(), new Replicas(),
            new DisruptionBudget(), new DrainAllowed(), new HpaMinReplicas(),
            new LivenessProbe(), new MinReadySeconds(), new Spread(), new ResourceRequests(), new ImageTag(), new ProbePort());

    private Rules() {
    }

    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.id().equals(id)).findFirst();
    }
}
