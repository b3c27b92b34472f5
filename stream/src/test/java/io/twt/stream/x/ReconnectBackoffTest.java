package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    private final ReconnectBackoff backoff = new ReconnectBackoff();

    @Test
    void networkErrorsGrowLinearlyTo16Seconds() {
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            ms.add(backoff.afterNetworkError().toMillis());
        }
        assertThat(ms.subList(0, 4)).containsExactly(250L, 500L, 750L, 1000L);
        assertThat(ms.get(63)).isEqualTo(16_000L);
        assertThat(ms.get(69)).isEqualTo(16_000L);
    }

    @Test
    void httpErrorsDoubleFrom5To320Seconds() {
        List<Long> s = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            s.add(backoff.afterHttpError().toSeconds());
        }
        assertThat(s).containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 320L, 320L, 320L);
    }

    @Test
    void rateLimitsDoubleFromAMinuteAndWaitForTheReset() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(backoff.afterRateLimit(null, now)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.afterRateLimit(now.getEpochSecond() + 30, now)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.afterRateLimit(now.getEpochSecond() + 900, now)).isEqualTo(Duration.ofSeconds(900));
        backoff.connected();
        assertThat(backoff.afterRateLimit(null, now)).isEqualTo(Duration.ofSeconds(60));
        assertThat(backoff.afterHttpError()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void theRateLimitResetHeaderIsReadAsAnEpochSecondOrIgnored() {
        assertThat(ReconnectBackoff.epochSecond(" 1772366400 ")).isEqualTo(1772366400L);
        assertThat(ReconnectBackoff.epochSecond("soon")).isNull();
    }
}
