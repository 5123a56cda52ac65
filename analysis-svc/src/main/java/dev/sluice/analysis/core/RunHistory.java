package dev.sluice.analysis.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which finished AnalysisRuns of a rollout are deleted (Argo's {@code spec.analysis.successfulRunHistoryLimit} and
 * {@code unsuccessfulRunHistoryLimit}, default 5 each): the newest runs (by request sequence) of each kind are kept;
 * a run still measuring, or whose verdict is not yet published, is never deleted. A cancelled run ends Successful
 * unless a metric had already failed, and counts as such. A limit above {@value #MAX_LIMIT} counts as
 * {@value #MAX_LIMIT}, so a Rollout cannot make the service keep (and list) runs without end.
 */
public final class RunHistory {
    public static final int DEFAULT_LIMIT = 5;
    public static final int MAX_LIMIT = 50;

    private RunHistory() {
    }

    /** What the decision needs of a run. */
    public record Run(String name, String phase, long requestSequence, boolean verdictPublished) {
    }

    public static List<String> toDelete(List<Run> runs, Integer successfulLimit, Integer unsuccessfulLimit) {
        int keepSuccessful = successfulLimit == null ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(0, successfulLimit));
        int keepUnsuccessful = unsuccessfulLimit == null ? DEFAULT_LIMIT : Math.min(MAX_LIMIT, Math.max(0, unsuccessfulLimit));
        List<Run> newestFirst = new ArrayList<>(runs);
        newestFirst.sort(Comparator.comparingLong(Run::requestSequence).reversed());
        List<String> delete = new ArrayList<>();
        int successful = 0;
        int unsuccessful = 0;
        for (Run r : newestFirst) {
            if (!r.verdictPublished() || r.phase() == null) {
                continue;
            }
            switch (r.phase()) {
                case "Successful" -> {
                    if (++successful > keepSuccessful) {
                        delete.add(r.name());
                    }
                }
                case "Failed", "Error", "Inconclusive" -> {
                    if (++unsuccessful > keepUnsuccessful) {
                        delete.add(r.name());
                    }
                }
                default -> {
                }
            }
        }
        return delete;
    }
}
