package dev.sluice.deploy;

/** A rule a manifest breaks: the file, the field (a path inside the object), and what is wrong. */
record Violation(String file, String field, String message) {
    @Override
    public String toString() {
        return file + ": " + field + ": " + message;
    }
}
