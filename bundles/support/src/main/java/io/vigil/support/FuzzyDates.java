package io.vigil.support;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a date and time in free text the way MozDef's {@code dateutil.parser.parse(s, fuzzy=True)} does for
 * the formats shippers send: ISO 8601, syslog ({@code Jan  2 08:01:57}), RFC 2822, Apache
 * ({@code 13/Jul/2016:14:33:31 +0000}), US {@code MM/DD/YYYY}. Missing parts come from {@code today} as in
 * dateutil (year, month, day of today; time 00:00:00); a time without a zone is taken as UTC.
 */
final class FuzzyDates {

    private static final Pattern ISO = Pattern.compile(
            "(\\d{4})-(\\d{1,2})-(\\d{1,2})(?:[T ]+(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?(?![\\w:])",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TIME = Pattern.compile(
            "(?<!\\d)(\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?(?:\\s*([ap])\\.?m\\.?(?![a-z]))?", Pattern.CASE_INSENSITIVE);
    private static final Pattern ZONE = Pattern.compile(
            "(?<![\\w])(Z|UTC|GMT|[+-]\\d{2}:?\\d{2})(?![\\w])", Pattern.CASE_INSENSITIVE);
    private static final Pattern MONTH = Pattern.compile(
            "(?<![a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?(?![a-z])", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");

    private FuzzyDates() {
    }

    static OffsetDateTime parse(String text, LocalDate today) throws RejectedEventException {
        try {
            Matcher iso = ISO.matcher(text);
            if (iso.find()) {
                LocalDate date = LocalDate.of(Integer.parseInt(iso.group(1)), Integer.parseInt(iso.group(2)), Integer.parseInt(iso.group(3)));
                if (iso.group(4) != null) {
                    return OffsetDateTime.of(LocalDateTime.of(date, time(iso.group(4), iso.group(5), iso.group(6), iso.group(7), null)),
                            zone(iso.group(8)));
                }
                // A date alone: its time, if any, stands elsewhere in the text ("at 14:01 on 2019-10-27").
                StringBuilder rest = new StringBuilder(text);
                blank(rest, iso.start(), iso.end());
                Matcher t = TIME.matcher(rest);
                LocalTime time = t.find() ? time(t.group(1), t.group(2), t.group(3), t.group(4), t.group(5)) : LocalTime.MIDNIGHT;
                return OffsetDateTime.of(LocalDateTime.of(date, time), zone(iso.group(8)));
            }
            return generic(text, today);
        } catch (DateTimeException | NumberFormatException e) {
            throw new RejectedEventException("not a date: \"" + text + "\" (" + e.getMessage() + ")");
        }
    }

    private static OffsetDateTime generic(String text, LocalDate today) throws RejectedEventException {
        StringBuilder rest = new StringBuilder(text);
        LocalTime time = null;
        Matcher t = TIME.matcher(rest);
        if (t.find()) {
            time = time(t.group(1), t.group(2), t.group(3), t.group(4), t.group(5));
            blank(rest, t.start(), t.end());
        }
        ZoneOffset zone = ZoneOffset.UTC;
        Matcher z = ZONE.matcher(rest);
        if (z.find()) {
            zone = zone(z.group(1));
            blank(rest, z.start(), z.end());
        }
        Integer month = null;
        Matcher m = MONTH.matcher(rest);
        if (m.find()) {
            month = MONTHS.indexOf(m.group(1).toLowerCase(Locale.ROOT)) + 1;
            blank(rest, m.start(), m.end());
        }
        List<String> numbers = new ArrayList<>();
        for (Matcher n = NUMBER.matcher(rest); n.find();) {
            numbers.add(n.group());
        }
        if (time == null && month == null && numbers.isEmpty()) {
            throw new RejectedEventException("not a date: \"" + text + "\"");
        }
        int year = today.getYear();
        int day = today.getDayOfMonth();
        if (month != null) {
            // Named month: a number over 31 (or of four digits) is the year, the first other one the day.
            boolean dayTaken = false;
            for (String number : numbers) {
                int value = Integer.parseInt(number);
                if (number.length() == 4 || value > 31 || dayTaken) {
                    year = fullYear(number);
                } else {
                    day = value;
                    dayTaken = true;
                }
            }
        } else if (numbers.size() >= 3) {
            int[] v = {Integer.parseInt(numbers.get(0)), Integer.parseInt(numbers.get(1)), Integer.parseInt(numbers.get(2))};
            if (numbers.get(0).length() == 4) {
                year = v[0];
                month = v[1];
                day = v[2];
            } else if (v[0] > 12) {
                day = v[0];
                month = v[1];
                year = fullYear(numbers.get(2));
            } else {
                // dateutil's default (dayfirst=False): month first.
                month = v[0];
                day = v[1];
                year = fullYear(numbers.get(2));
            }
        } else if (time == null) {
            throw new RejectedEventException("not a date: \"" + text + "\"");
        } else {
            month = today.getMonthValue();
        }
        return OffsetDateTime.of(LocalDateTime.of(LocalDate.of(year, month, day), time == null ? LocalTime.MIDNIGHT : time), zone);
    }

    private static int fullYear(String number) {
        int value = Integer.parseInt(number);
        return number.length() <= 2 ? 2000 + value : value;
    }

    private static LocalTime time(String hour, String minute, String second, String fraction, String amPm) {
        int h = Integer.parseInt(hour);
        if (amPm != null) {
            boolean pm = amPm.equalsIgnoreCase("p");
            h = h % 12 + (pm ? 12 : 0);
        }
        int nanos = 0;
        if (fraction != null) {
            // Microsecond precision, as Python's datetime: further digits are cut off.
            String micros = (fraction + "000000").substring(0, 6);
            nanos = Integer.parseInt(micros) * 1000;
        }
        return LocalTime.of(h, Integer.parseInt(minute), second == null ? 0 : Integer.parseInt(second), nanos);
    }

    private static ZoneOffset zone(String zone) {
        if (zone == null || zone.equalsIgnoreCase("Z") || zone.equalsIgnoreCase("UTC") || zone.equalsIgnoreCase("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = zone.replace(":", "");
        int sign = digits.charAt(0) == '-' ? -1 : 1;
        int hours = Integer.parseInt(digits.substring(1, 3));
        int minutes = digits.length() > 3 ? Integer.parseInt(digits.substring(3, 5)) : 0;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    private static void blank(StringBuilder text, int start, int end) {
        for (int i = start; i < end; i++) {
            text.setCharAt(i, ' ');
        }
    }
}
