package io.vigil.alerts;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rule file durations: a whole number and a unit, {@code 30s}, {@code 2m}, {@code 6h}, {@code 1d}, {@code 1w}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*([smhdw])");

    private Durations() {
    }

    static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (a number and s, m, h, d or w, as 2m or 1d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(7 * amount);
        };
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
