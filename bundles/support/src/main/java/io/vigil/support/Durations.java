package io.vigil.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Vigil's files and commands write them: a whole number and a unit, {@code 30s}, {@code 2m}, {@code 6h}
 * (or {@code 12hr}, MozDef's), {@code 1d}, {@code 1w}. Callers say what is wrong in their own terms.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(s|m|h|hr|d|w)");

    private Durations() {
    }

    /** The duration {@code text} writes, or {@code null} when it is none. */
    public static Duration of(String text) {
        Matcher matcher = DURATION.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h", "hr" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
    }
}
