package io.vigil.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** The times rule testing takes: an instant ({@code 2026-12-01T08:00:00Z}), a UTC day ({@code 2026-12-01}), or a time ago ({@code 90m}, {@code 2d}). */
public final class TimeArguments {

    private TimeArguments() {
    }

    public static Instant parse(String text, Instant now) {
        String value = text.trim();
        try {
            if (value.matches("[0-9]+\\s*[smhdw]")) {
                return now.minus(Durations.parse(value));
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a time: '" + text + "' (an instant as 2026-12-01T08:00:00Z, a day as 2026-12-01,"
                    + " or a time ago as 90m or 2d)", e);
        }
    }
}
