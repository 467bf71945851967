package io.vigil.blocklist;

import java.time.Duration;
import java.util.Locale;

/**
 * How long to block, as MozDef's {@code /blockip} takes it ({@code 12hr}, {@code 1d}, {@code 2d}, {@code 3d},
 * {@code 1w}, {@code 30d}) and, for rules and tests, any count of {@code s}, {@code m}, {@code h}/{@code hr},
 * {@code d} or {@code w}.
 */
public final class Durations {

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the forms it takes */
    public static Duration parse(String text) {
        Duration duration = io.vigil.support.Durations.of(text == null ? null : text.toLowerCase(Locale.ROOT));
        if (duration == null || duration.isZero()) {
            throw new IllegalArgumentException("duration '" + text + "' is none of 12hr, 1d, 2d, 3d, 1w, 30d or <count><s|m|h|d|w>");
        }
        return duration;
    }
}
