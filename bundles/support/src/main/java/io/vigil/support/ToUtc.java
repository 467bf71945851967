package io.vigil.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * MozDef's {@code toUTC}: a UTC timestamp from "almost anything", and its Python {@code isoformat()} text.
 * Where MozDef's code fails on input it plainly meant to accept (a digit string raises a TypeError, a
 * negative integer has no branch), this does what it meant: epoch numbers, 1970-01-01 for zero or less.
 * Times without a zone are UTC (MozDef used the server's zone and ran its servers in UTC).
 */
public final class ToUtc {

    private static final OffsetDateTime EPOCH = Instant.EPOCH.atOffset(ZoneOffset.UTC);
    private static final int EPOCH_MAGNITUDE = 9;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static final BigDecimal MAX_MICROS = BigDecimal.valueOf(Long.MAX_VALUE);

    private ToUtc() {
    }

    public static OffsetDateTime parse(JsonNode value, Clock clock) throws RejectedEventException {
        if (value == null || value.isNull() || value.isBoolean() || value.isContainerNode()) {
            throw new RejectedEventException("not a date: " + value);
        }
        if (value.isIntegralNumber()) {
            return fromEpochDigits(value.bigIntegerValue().toString());
        }
        if (value.isNumber()) {
            return fromEpochFloat(value.decimalValue());
        }
        return parse(value.asText(), clock);
    }

    public static OffsetDateTime parse(String text, Clock clock) throws RejectedEventException {
        String trimmed = text.trim();
        if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
            return fromEpochDigits(trimmed);
        }
        BigDecimal number = number(trimmed);
        if (number != null) {
            return fromEpochFloat(number);
        }
        return FuzzyDates.parse(text, LocalDate.now(clock.withZone(ZoneOffset.UTC)))
                .withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Python's {@code datetime.isoformat()} of a UTC time: microseconds only when not zero, {@code +00:00}. */
    public static String isoformat(OffsetDateTime time) {
        OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        StringBuilder text = new StringBuilder(32);
        pad(text, utc.getYear(), 4).append('-');
        pad(text, utc.getMonthValue(), 2).append('-');
        pad(text, utc.getDayOfMonth(), 2).append('T');
        pad(text, utc.getHour(), 2).append(':');
        pad(text, utc.getMinute(), 2).append(':');
        pad(text, utc.getSecond(), 2);
        int micros = utc.getNano() / 1000;
        if (micros != 0) {
            pad(text.append('.'), micros, 6);
        }
        return text.append("+00:00").toString();
    }

    public static String now(Clock clock) {
        return isoformat(OffsetDateTime.now(clock));
    }

    /** Seconds, milliseconds, microseconds or nanoseconds since the epoch, told apart by the number of digits. */
    private static OffsetDateTime fromEpochDigits(String digits) throws RejectedEventException {
        BigDecimal value = new BigDecimal(digits);
        if (value.signum() <= 0) {
            return EPOCH;
        }
        return fromSeconds(value.movePointLeft(digits.length() % 10));
    }

    /** A fractional epoch with more than ten integer digits is scaled down to seconds. */
    private static OffsetDateTime fromEpochFloat(BigDecimal value) throws RejectedEventException {
        if (value.signum() <= 0) {
            return EPOCH;
        }
        int magnitude = value.setScale(0, RoundingMode.DOWN).toPlainString().length() - 1;
        if (magnitude > EPOCH_MAGNITUDE) {
            value = value.movePointLeft(magnitude - EPOCH_MAGNITUDE);
        }
        return fromSeconds(value);
    }

    /** Refused beyond what microseconds in a long hold (some 292,000 years): a sender's garbage, not a date. */
    private static OffsetDateTime fromSeconds(BigDecimal seconds) throws RejectedEventException {
        BigDecimal micros = seconds.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN);
        if (micros.compareTo(MAX_MICROS) > 0) {
            throw new RejectedEventException("not a date: " + seconds.toPlainString() + " seconds after the epoch is out of range");
        }
        return Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    /** The number a string spells, or {@code null}: checked first, since most timestamps are dates and an exception per event is slow. */
    private static BigDecimal number(String text) {
        if (!NUMBER.matcher(text).matches()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static StringBuilder pad(StringBuilder text, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }
}
