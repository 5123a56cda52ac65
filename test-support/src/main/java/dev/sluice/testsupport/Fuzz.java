package dev.sluice.testsupport;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Seeded random fuzzing for plain JUnit tests: {@code tries} inputs made from one {@link Random} seeded with
 * {@code seed}, so every run makes the same inputs. A try that throws (an assertion or any other exception or error)
 * fails with the seed, the try's index and the input, so it can be replayed.
 */
public final class Fuzz {
    private Fuzz() {
    }

    /** The check of one input; answers a label counted over the tries (e.g. "a Rollout" or "not readable"). */
    @FunctionalInterface
    public interface Check<T> {
        String apply(T input) throws Exception;
    }

    /** Runs the tries and answers how often each label was answered. */
    public static <T> Map<String, Integer> run(long seed, int tries, Function<Random, T> generate, Check<T> check) {
        Random random = new Random(seed);
        Map<String, Integer> labels = new TreeMap<>();
        for (int i = 0; i < tries; i++) {
            T input = generate.apply(random);
            String label;
            try {
                label = check.apply(input);
            } catch (Throwable failed) {
                throw new AssertionError("seed " + seed + ", try " + i + " of " + tries + " failed (" + failed + ") on input: "
                        + input, failed);
            }
            labels.merge(label, 1, Integer::sum);
        }
        return labels;
    }
}
