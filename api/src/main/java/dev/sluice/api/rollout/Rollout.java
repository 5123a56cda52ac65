package dev.sluice.api.rollout;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** A workload Sluice rolls out progressively (canary or blue-green). Field names follow Argo Rollouts. */
@Group("sluice.dev")
@Version("v1alpha1")
@Kind("Rollout")
@Plural("rollouts")
public class Rollout extends CustomResource<RolloutSpec, RolloutStatus> implements Namespaced {
}
