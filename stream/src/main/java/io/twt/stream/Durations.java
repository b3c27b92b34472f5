package io.twt.stream;

import java.time.Duration;
import java.util.Locale;

/** Durations as the forwarder's settings and {@code twt local}'s options write them: 250ms, 20s, 5m, 1h. */
public final class Durations {

    private Durations() {
    }

    /** Parses {@code 250ms}, {@code 20s}, {@code 5m} or {@code 1h}. */
    public static Duration parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1).trim());
            switch (t.charAt(t.length() - 1)) {
                case 's': return Duration.ofSeconds(n);
                case 'm': return Duration.ofMinutes(n);
                case 'h': return Duration.ofHours(n);
                default: break;
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration such as 250ms, 20s, 5m or 1h");
    }
}
