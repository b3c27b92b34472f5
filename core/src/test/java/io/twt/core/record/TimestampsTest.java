package io.twt.core.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast paths agree with the JDK's parsers and formatter, and fall back to them otherwise. */
class TimestampsTest {

    private static final DateTimeFormatter JDK_V1 = DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss Z yyyy", Locale.ROOT);
    private static final DateTimeFormatter JDK_RECORD = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void randomInstantsRoundTripThroughEveryFormLikeTheJdk() {
        SplittableRandom rnd = new SplittableRandom(7);
        String[] offsets = {"Z", "+00:00", "+02:00", "-05:30", "+14:00", "-12:00"};
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochMilli(rnd.nextLong(-2_000_000_000_000L, 4_000_000_000_000L));
            assertThat(Timestamps.format(t)).isEqualTo(JDK_RECORD.format(t));

            ZoneOffset offset = offsets[i % offsets.length].equals("Z") ? ZoneOffset.UTC : ZoneOffset.of(offsets[i % offsets.length]);
            String iso = OffsetDateTime.ofInstant(t, offset).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            assertThat(Timestamps.fastIso(iso)).as(iso).isEqualTo(OffsetDateTime.parse(iso).toInstant().toEpochMilli());

            Instant whole = Instant.ofEpochSecond(t.getEpochSecond());
            String v1 = JDK_V1.format(OffsetDateTime.ofInstant(whole, ZoneOffset.ofHours(i % 5 - 2)));
            assertThat(Timestamps.fastV1(v1)).as(v1).isEqualTo(whole.toEpochMilli());
            assertThat(Timestamps.parseV1(v1)).isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-03-01T12:00Z", "2026-03-01T12:00:09.+02:00"})
    void shapesOnlyTheJdkAcceptsAreParsedForTrimmingButAreNotRecordTimestamps(String s) {
        assertThat(Timestamps.parseIso(s)).isEqualTo(OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        assertThat(Timestamps.isIso(s)).as("the record rule accepts only the shape both SQL engines cast").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T12:00:00Z", "2026-13-01T12:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T12:00:00",
        "2026-03-01 12:00:00Z", "2026-03-01T12:00:09+0200", "yesterday", ""})
    void impossibleOrZonelessIsoIsRefused(String s) {
        assertThat(Timestamps.isIso(s)).isFalse();
        assertThatThrownBy(() -> Timestamps.parseIso(s)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void aV1DateWhoseWeekdayIsWrongIsRefusedAsTheJdkDoes() {
        // 2026-03-01 is a Sunday.
        assertThat(Timestamps.parseV1("Sun Mar 01 14:00:09 +0200 2026")).isEqualTo(Instant.parse("2026-03-01T12:00:09Z"));
        assertThatThrownBy(() -> Timestamps.parseV1("Mon Mar 01 14:00:09 +0200 2026")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> Timestamps.parseV1("Sun Foo 01 14:00:09 +0200 2026")).isInstanceOf(DateTimeParseException.class);
    }
}
