package io.vigil.indices;

import io.vigil.elasticsearch.layout.IndexNames;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A family of time-named indices: MozDef's daily {@code events-YYYYMMDD} and monthly {@code alerts-YYYYMM}, and
 * Vigil's monthly audit trail {@code audit-YYYYMM}.
 */
public enum Family {
    EVENTS("events-", Pattern.compile("events-(\\d{8})"), DateTimeFormatter.BASIC_ISO_DATE),
    ALERTS("alerts-", Pattern.compile("alerts-(\\d{6})"), DateTimeFormatter.ofPattern("yyyyMM")),
    AUDIT("audit-", Pattern.compile("audit-(\\d{6})"), DateTimeFormatter.ofPattern("yyyyMM"));

    private final String prefix;
    private final Pattern name;
    private final DateTimeFormatter format;

    Family(String prefix, Pattern name, DateTimeFormatter format) {
        this.prefix = prefix;
        this.name = name;
        this.format = format;
    }

    /** The pattern that lists the family's indices, among others ({@link #lastDay} tells them apart). */
    public String wildcard() {
        return prefix + "*";
    }

    /** The family's index of {@code day} (of its month, for alerts and the audit trail). */
    public String index(LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return switch (this) {
            case EVENTS -> IndexNames.eventsIndex(start);
            case ALERTS -> IndexNames.alertsIndex(start);
            case AUDIT -> IndexNames.auditIndex(start);
        };
    }

    /** The last day an index of the family holds, or empty when the name is not one of the family's. */
    public Optional<LocalDate> lastDay(String index) {
        Matcher matcher = name.matcher(index);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(this == EVENTS ? LocalDate.parse(matcher.group(1), format) : YearMonth.parse(matcher.group(1), format).atEndOfMonth());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
