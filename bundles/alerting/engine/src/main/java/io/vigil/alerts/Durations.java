package io.vigil.alerts;

import java.time.Duration;

/** Rule file durations ({@link io.vigil.support.Durations}), with the rule files' error and format. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String text) {
        Duration duration = io.vigil.support.Durations.of(text);
        if (duration == null) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (a number and s, m, h, d or w, as 2m or 1d)");
        }
        return duration;
    }

    /** As a rule file writes it: {@code 2m}, {@code 6h}, {@code 1d}. */
    static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0 && seconds > 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0 && seconds > 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 && seconds > 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
