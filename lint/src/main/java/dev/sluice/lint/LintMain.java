package dev.sluice.lint;

import java.util.List;

/** The entry point of {@code ./sluice lint}. */
public final class LintMain {
    private LintMain() {
    }

    public static void main(String[] args) {
        System.exit(Lint.run(List.of(args), System.out, System.err));
    }
}
