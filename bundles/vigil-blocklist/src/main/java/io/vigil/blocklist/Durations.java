package io.vigil.blocklist;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long to block, as MozDef's {@code /blockip} takes it ({@code 12hr}, {@code 1d}, {@code 2d}, {@code 3d},
 * {@code 1w}, {@code 30d}) and, for rules and tests, any count of {@code s}, {@code m}, {@code h}/{@code hr},
 * {@code d} or {@code w}.
 */
public final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*(s|m|h|hr|d|w)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the forms it takes */
    public static Duration parse(String text) {
        Matcher matcher = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
            throw new IllegalArgumentException("duration '" + text + "' is none of 12hr, 1d, 2d, 3d, 1w, 30d or <count><s|m|h|d|w>");
        }
        long count = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(count);
            case "m" -> Duration.ofMinutes(count);
            case "h", "hr" -> Duration.ofHours(count);
            case "d" -> Duration.ofDays(count);
            default -> Duration.ofDays(7 * count);
        };
    }
}
