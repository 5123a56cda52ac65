package dev.sluice.common.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OwnershipTrackerTest {
    static TopicPartition p(int n) {
        return new TopicPartition("sluice.rollout.steps", n);
    }

    @Test
    void revoked_listeners_hear_the_partitions_taken_away_after_ownership_already_answers_false() {
        OwnershipTracker tracker = new OwnershipTracker();
        tracker.assigned(List.of(p(0), p(1), p(2)), 3);
        String key = "shop/checkout";
        int mine = OwnershipTracker.partition(key, 3);
        List<Set<Integer>> heard = new ArrayList<>();
        List<Boolean> ownedWhileHeard = new ArrayList<>();
        tracker.onRevoked(revoked -> {
            heard.add(revoked);
            ownedWhileHeard.add(tracker.owns(key));
        });

        tracker.revoked(List.of(p(mine)));
        tracker.revoked(List.of(p(mine))); // revoked again: nothing was owned any more, nobody is told
        tracker.lost(List.of(p((mine + 1) % 3)));

        assertThat(heard).containsExactly(Set.of(mine), Set.of((mine + 1) % 3));
        assertThat(ownedWhileHeard.get(0)).as("a side effect checked from the listener is already fenced").isFalse();
    }
}
