package dev.sluice.api.rollout;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A workload Sluice rolls out progressively (canary or blue-green). Field names follow Argo Rollouts, so a
 * manifest moves by changing {@code apiVersion}. The status subresource holds the controller's state (the
 * source of truth, docs/architecture.md §3); the scale subresource lets an HPA scale it.
 */
@Group("sluice.dev")
@Version("v1alpha1")
@Kind("Rollout")
@Plural("rollouts")
@ShortNames("sro")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Weight", jsonPath = ".status.canary.weight", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Step", jsonPath = ".status.currentStepIndex", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Desired", jsonPath = ".spec.replicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Available", jsonPath = ".status.availableReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Rollout extends CustomResource<RolloutSpec, RolloutStatus> implements Namespaced {

    /** The rollout id used as Kafka key and CloudEvents subject: {@code namespace/name}. */
    public String rolloutId() {
        return getMetadata().getNamespace() + "/" + getMetadata().getName();
    }
}
