package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import dev.sluice.api.rollout.RolloutSpec;
import dev.sluice.controller.workload.TemplateHash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import org.junit.jupiter.api.Test;

class TemplateHashesTest {
    private final TemplateHashes hashes = new TemplateHashes(2);

    @Test
    void a_rollouts_template_is_hashed_once_per_generation() {
        Rollout v1 = rollout("u1", 1L, template("web:1"));

        assertThat(hashes.of(v1, v1.getSpec().template)).isEqualTo(TemplateHash.of(template("web:1")));
        assertThat(hashes.of(rollout("u1", 1L, template("web:1")), template("web:1"))).as("another copy of the same object")
                .isEqualTo(TemplateHash.of(template("web:1")));
        Rollout again = rollout("u1", 1L, template("web:1"));
        hashes.of(again, again.getSpec().template);
        assertThat(hashes.computed).hasValue(2); // the copy passed a template other than its own spec's: hashed

        Rollout v2 = rollout("u1", 2L, template("web:2"));
        assertThat(hashes.of(v2, v2.getSpec().template)).isEqualTo(TemplateHash.of(template("web:2")));
        Rollout recreated = rollout("u2", 1L, template("web:3"));
        assertThat(hashes.of(recreated, recreated.getSpec().template)).as("a Rollout created again under the same name")
                .isEqualTo(TemplateHash.of(template("web:3")));
        assertThat(hashes.computed).hasValue(4);
    }

    @Test
    void a_deployments_template_or_a_rollout_without_generation_is_hashed_every_time() {
        Rollout ref = rollout("u1", 1L, null);
        hashes.of(ref, template("web:1"));
        hashes.of(ref, template("web:1"));
        Rollout noGeneration = rollout("u2", null, template("web:1"));
        hashes.of(noGeneration, noGeneration.getSpec().template);
        hashes.of(noGeneration, noGeneration.getSpec().template);

        assertThat(hashes.computed).hasValue(4);
    }

    @Test
    void beyond_its_capacity_the_generation_used_longest_ago_is_forgotten() {
        Rollout a = rollout("a", 1L, template("web:1"));
        Rollout b = rollout("b", 1L, template("web:1"));
        Rollout c = rollout("c", 1L, template("web:1"));
        hashes.of(a, a.getSpec().template);
        hashes.of(b, b.getSpec().template);
        hashes.of(c, c.getSpec().template); // capacity 2: a goes
        hashes.of(c, c.getSpec().template);
        hashes.of(a, a.getSpec().template);

        assertThat(hashes.computed).hasValue(4);
    }

    private static Rollout rollout(String uid, Long generation, PodTemplateSpec template) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withName("web").withNamespace("shop").withUid(uid).withGeneration(generation).build());
        r.setSpec(new RolloutSpec());
        r.getSpec().template = template;
        return r;
    }

    private static PodTemplateSpec template(String image) {
        return RolloutFixture.template(image);
    }
}
