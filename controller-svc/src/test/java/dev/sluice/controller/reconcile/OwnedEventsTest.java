package dev.sluice.controller.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.rollout.Rollout;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OwnedEventsTest {
    /** This replica owns the rollouts shop/web and shop/api only. */
    private static final Set<String> OWNED = Set.of("shop/web", "shop/api");

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of("a Rollout whose partition this replica owns is reconciled", rollout("shop", "web"), true),
                Arguments.of("a Rollout of another replica's partition is not", rollout("shop", "cart"), false),
                Arguments.of("the same name in another namespace is another rollout", rollout("other", "web"), false),
                Arguments.of("a ReplicaSet controlled by an owned rollout reconciles it", replicaSet("shop", "web", true), true),
                Arguments.of("a ReplicaSet controlled by another replica's rollout does not",
                        replicaSet("shop", "cart", true), false),
                Arguments.of("a ReplicaSet with a Rollout owner reference that is not its controller is never filtered out",
                        replicaSet("shop", "cart", false), true),
                Arguments.of("an object without a rollout is never filtered out",
                        new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("x").endMetadata().build(), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void filters_events_of_rollouts_another_replica_owns(String name, HasMetadata object, boolean relevant) {
        assertThat(OwnedEvents.relevant(OWNED::contains, object)).isEqualTo(relevant);
    }

    private static Rollout rollout(String ns, String name) {
        Rollout r = new Rollout();
        r.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
        return r;
    }

    private static HasMetadata replicaSet(String ns, String rollout, boolean controller) {
        return new ReplicaSetBuilder().withNewMetadata().withNamespace(ns).withName(rollout + "-abc")
                .withOwnerReferences(new OwnerReferenceBuilder().withKind("Rollout").withName(rollout).withUid("u")
                        .withApiVersion("sluice.dev/v1alpha1").withController(controller).build())
                .endMetadata().build();
    }
}
