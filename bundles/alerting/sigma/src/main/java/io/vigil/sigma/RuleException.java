package io.vigil.sigma;

/**
 * A rule Vigil refuses to run, with where and why: the file, the line of the YAML that says it, the feature (a short
 * word that groups refusals: {@code modifier}, {@code condition}, {@code placeholder}…) and the reason. A rule is
 * loaded whole or not at all: never half, never silently matching nothing.
 */
public final class RuleException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String feature;
    private final String reason;

    RuleException(String file, int line, String feature, String reason) {
        super(file + (line > 0 ? ":" + line : "") + ": " + feature + ": " + reason);
        this.file = file;
        this.line = line;
        this.feature = feature;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    /** 1-based, or 0 where the refusal concerns the file as a whole. */
    public int line() {
        return line;
    }

    public String feature() {
        return feature;
    }

    public String reason() {
        return reason;
    }

    /** A refusal found below the YAML node that gets its line: the parser adds file and line as it unwinds. */
    static final class Feature extends Exception {

        private static final long serialVersionUID = 1L;

        private final String feature;

        Feature(String feature, String reason) {
            super(reason);
            this.feature = feature;
        }

        String feature() {
            return feature;
        }
    }
}
