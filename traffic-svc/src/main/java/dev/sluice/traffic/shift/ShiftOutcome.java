package dev.sluice.traffic.shift;

import dev.sluice.events.AppliedRoute;
import dev.sluice.traffic.router.ObjectRef;
import java.util.List;

/** What became of one shift: applied everywhere, ignored as stale or contested, or failed on one object. */
public sealed interface ShiftOutcome {

    /** Every object holds the desired state; {@code written} lists the objects written to get there. */
    record Applied(List<AppliedRoute> applied, List<ObjectRef> written) implements ShiftOutcome {
        public int writes() {
            return written.size();
        }
    }

    /** An object already holds a newer sequence for this rollout; nothing was written. */
    record Stale(long newest, String object) implements ShiftOutcome {
    }

    /**
     * An object already holds this same sequence of this rollout with a different desired state: another controller
     * replica (one that lost its ownership without knowing yet) sent it. The first writer wins; nothing was written.
     */
    record Contested(long sequence, String object) implements ShiftOutcome {
    }

    /** {@code object} is {@code Kind namespace/name} when one object is at fault. */
    record Failed(String router, String object, String reason, boolean retryable) implements ShiftOutcome {
    }
}
