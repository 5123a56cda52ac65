package dev.sluice.api.analysis;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

@Group("sluice.dev")
@Version("v1alpha1")
@Kind("AnalysisTemplate")
@Plural("analysistemplates")
public class AnalysisTemplate extends CustomResource<AnalysisTemplateSpec, Void> implements Namespaced {
}
