package dev.sluice.traffic.drift;

/**
 * Whether the drift check may put a stamped desired state back (pure): only while the Rollout that wrote it still
 * exists with the same uid. A deleted Rollout, or one deleted and created again (another uid), left the stamp
 * behind: its routes go back to 100% stable and the stamps are removed. When the Rollout cannot be read (API
 * error, missing permission) nothing is done this interval.
 */
public final class Orphans {

    /** What the drift check does with one rollout's stamps. */
    public enum Action {
        /** The rollout exists with the stamp's uid: re-apply the stamped state if it drifted. */
        REAPPLY,
        /** The rollout is gone or is another one now: weights to 0 (all stable), header routes removed, stamps removed. */
        RELEASE,
        /** The rollout could not be read: leave everything as it is until the next interval. */
        SKIP
    }

    /** What the API said about the rollout a stamp names. */
    public sealed interface Lookup {
        record Found(String uid) implements Lookup {
        }

        record Missing() implements Lookup {
        }

        record Unreadable(String reason) implements Lookup {
        }
    }

    private Orphans() {
    }

    /**
     * Whether pass {@code pass} of the drift check looks the rollout up to find an orphan, when that is done every
     * {@code every} passes: once in every {@code every} consecutive passes for each rollout, the rollouts spread evenly
     * over the passes by their id (so a fleet's look-ups do not all fall into one pass).
     */
    public static boolean lookupDue(String rolloutId, long pass, int every) {
        return every <= 1 || Math.floorMod(pass + rolloutId.hashCode(), (long) every) == 0;
    }

    public static Action decide(String stampedUid, Lookup lookup) {
        if (lookup instanceof Lookup.Unreadable) {
            return Action.SKIP;
        }
        if (lookup instanceof Lookup.Found found && found.uid() != null && found.uid().equals(stampedUid)) {
            return Action.REAPPLY;
        }
        return Action.RELEASE;
    }
}
