package io.twt.core.record;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The timestamp forms twt reads and writes, with hand-written fast paths for the shapes X sends
 * (DateTimeFormatter costs microseconds a call, a large share of trimming one post). Anything the
 * fast path does not recognise goes to the JDK parser, so the accepted language is the JDK's.
 */
public final class Timestamps {

    private static final DateTimeFormatter V1 = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ROOT);
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final String DAYS = "MonTueWedThuFriSatSun";

    private Timestamps() {
    }

    /** Parses ISO-8601 with an offset ({@code 2026-03-01T12:00:09.000Z}, {@code …+02:00}), as leniently as the JDK. */
    public static Instant parseIso(String s) {
        long millis = fastIso(s);
        if (millis != Long.MIN_VALUE) {
            return Instant.ofEpochMilli(millis);
        }
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    /**
     * True when {@code s} is {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}: the record rule. Stricter
     * than {@link #parseIso} on purpose: every string it accepts casts in Snowflake and DuckDB alike.
     */
    public static boolean isIso(String s) {
        return fastIso(s) != Long.MIN_VALUE;
    }

    /** Parses v1.1's {@code EEE MMM dd HH:mm:ss Z yyyy}, e.g. {@code Sun Mar 01 14:00:09 +0200 2026}. */
    public static Instant parseV1(String s) {
        long millis = fastV1(s);
        if (millis != Long.MIN_VALUE) {
            return Instant.ofEpochMilli(millis);
        }
        return OffsetDateTime.parse(s, V1).toInstant();
    }

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC: the record's form. */
    public static String format(Instant t) {
        byte[] b = new byte[FORMATTED_LENGTH];
        if (!formatInto(t, b, 0)) {
            return RecordJson.TIMESTAMP.format(t);
        }
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Length of {@link #format}'s result for years 0 to 9999. */
    static final int FORMATTED_LENGTH = 24;

    /**
     * Writes {@link #format}'s form as ASCII into {@code b} at {@code at}; false (nothing written)
     * for years outside 0–9999, which need the JDK formatter.
     */
    static boolean formatInto(Instant t, byte[] b, int at) {
        long epochSecond = t.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, 86_400));
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        int year = date.getYear();
        if (year < 0 || year > 9999) {
            return false;
        }
        digits(b, at, year, 4);
        b[at + 4] = '-';
        digits(b, at + 5, date.getMonthValue(), 2);
        b[at + 7] = '-';
        digits(b, at + 8, date.getDayOfMonth(), 2);
        b[at + 10] = 'T';
        digits(b, at + 11, secondOfDay / 3600, 2);
        b[at + 13] = ':';
        digits(b, at + 14, secondOfDay / 60 % 60, 2);
        b[at + 16] = ':';
        digits(b, at + 17, secondOfDay % 60, 2);
        b[at + 19] = '.';
        digits(b, at + 20, t.getNano() / 1_000_000, 3);
        b[at + 23] = 'Z';
        return true;
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Epoch millis of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or Long.MIN_VALUE. */
    static long fastIso(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        int year = num(s, 0, 4);
        int month = num(s, 5, 2);
        int day = num(s, 8, 2);
        int hour = num(s, 11, 2);
        int minute = num(s, 14, 2);
        int second = num(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return Long.MIN_VALUE;
        }
        int i = 19;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (i - start < 3) {
                    millis = millis * 10 + (s.charAt(i) - '0');
                }
                i++;
            }
            int fractionDigits = i - start;
            if (fractionDigits == 0 || fractionDigits > 9) {
                return Long.MIN_VALUE;
            }
            for (int k = fractionDigits; k < 3; k++) {
                millis *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int oh = num(s, i + 1, 2);
            int om = num(s, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return Long.MIN_VALUE;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
        } else {
            return Long.MIN_VALUE;
        }
        return epochMillis(year, month, day, hour, minute, second, millis, offsetSeconds);
    }

    /** Epoch millis of {@code EEE MMM dd HH:mm:ss ±HHMM yyyy}, or Long.MIN_VALUE. */
    static long fastV1(String s) {
        if (s.length() != 30 || s.charAt(3) != ' ' || s.charAt(7) != ' ' || s.charAt(10) != ' ' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(19) != ' ' || s.charAt(25) != ' ') {
            return Long.MIN_VALUE;
        }
        int dayName = DAYS.indexOf(s.substring(0, 3));
        int monthName = MONTHS.indexOf(s.substring(4, 7));
        if (dayName < 0 || dayName % 3 != 0 || monthName < 0 || monthName % 3 != 0) {
            return Long.MIN_VALUE;
        }
        int day = num(s, 8, 2);
        int hour = num(s, 11, 2);
        int minute = num(s, 14, 2);
        int second = num(s, 17, 2);
        char sign = s.charAt(20);
        int oh = num(s, 21, 2);
        int om = num(s, 23, 2);
        int year = num(s, 26, 4);
        if ((day | hour | minute | second | oh | om | year) < 0 || (sign != '+' && sign != '-') || oh > 18 || om > 59) {
            return Long.MIN_VALUE;
        }
        int offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
        LocalDate date;
        try {
            date = LocalDate.of(year, monthName / 3 + 1, day);
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        if (date.getDayOfWeek().ordinal() != dayName / 3) {
            return Long.MIN_VALUE; // the JDK parser reports the conflict
        }
        return epochMillis(year, monthName / 3 + 1, day, hour, minute, second, 0, offsetSeconds);
    }

    private static long epochMillis(int year, int month, int day, int hour, int minute, int second, int millis, int offsetSeconds) {
        if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
            return Long.MIN_VALUE;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return Long.MIN_VALUE;
        }
        long seconds = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return seconds * 1000 + millis;
    }

    /** The non-negative value of {@code len} ASCII digits at {@code at}, or -1. */
    private static int num(String s, int at, int len) {
        int v = 0;
        for (int i = at; i < at + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
