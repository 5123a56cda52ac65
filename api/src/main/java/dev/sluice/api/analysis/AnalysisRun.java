package dev.sluice.api.analysis;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** One analysis of one rollout step: created, measured and judged by analysis-svc, owned by its Rollout. */
@Group("sluice.dev")
@Version("v1alpha1")
@Kind("AnalysisRun")
@Plural("analysisruns")
public class AnalysisRun extends CustomResource<AnalysisRunSpec, AnalysisRunStatus> implements Namespaced {
}
