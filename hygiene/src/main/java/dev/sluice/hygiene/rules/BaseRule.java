package dev.sluice.hygiene.rules;

import dev.sluice.hygiene.Rule;
import dev.sluice.hygiene.Severity;

/** The descriptive half of a rule (id, severity, what, why, fix); subclasses add {@code check}. */
abstract class BaseRule implements Rule {
    private final String id;
    private final Severity severity;
    private final String what;
    private final String why;
    private final String fix;

    BaseRule(String id, Severity severity, String what, String why, String fix) {
        this.id = id;
        this.severity = severity;
        this.what = what;
        this.why = why;
        this.fix = fix.stripIndent().strip();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Severity severity() {
        return severity;
    }

    @Override
    public String what() {
        return what;
    }

    @Override
    public String why() {
        return why;
    }

    @Override
    public String fix() {
        return fix;
    }

    @Override
    public String toString() {
        return id;
    }
}
