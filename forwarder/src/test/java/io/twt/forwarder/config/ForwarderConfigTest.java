package io.twt.forwarder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.trim.InputFormat;
import io.twt.stream.StreamDefaults;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ForwarderConfigTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        ForwarderConfig c = ForwarderConfig.load(new Properties(), Map.of());
        assertThat(c.source()).isEqualTo(ForwarderConfig.SourceType.STREAM);
        assertThat(c.streamBaseUrl()).isEqualTo(URI.create("https://api.x.com"));
        assertThat(c.rules()).containsExactly("$UOS OR $ATOM OR $ENJ OR $COTI OR $SAND");
        assertThat(c.stallTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.flushInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.queueCapacity()).isEqualTo(20_000);
        assertThat(c.senders()).isEqualTo(4);
        assertThat(c.firehoseEndpoint()).isNull();
        assertThat(c.metricsInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.metricsStack()).isEqualTo("local");
        assertThat(c.v1Track()).containsExactly("$UOS", "$ATOM", "$ENJ", "$COTI", "$SAND");
    }

    @Test
    void theXPostCapsDefaultToTheSharedStreamDefaultsAndTheBudgetFileLiesBesideTheDeadLetterFile() {
        Properties file = new Properties();
        file.setProperty("dlq.path", "/var/lib/twt-forwarder/dead-letter.ndjson");
        ForwarderConfig c = ForwarderConfig.load(file, Map.of());
        assertThat(c.xDailyPostCap()).isEqualTo(StreamDefaults.DAILY_POST_CAP);
        assertThat(c.xMonthlyPostCap()).isEqualTo(StreamDefaults.MONTHLY_POST_CAP);
        assertThat(c.xPostBudgetFile()).isEqualTo(Path.of("/var/lib/twt-forwarder/x-post-budget.json"));
    }

    @Test
    void theXPostCapsAndTheBudgetFileAreReadFromTheirEnvironmentVariables() {
        ForwarderConfig c = ForwarderConfig.load(new Properties(), Map.of("TWT_X_DAILY_POST_CAP", "1000",
                "TWT_X_MONTHLY_POST_CAP", "3000000000", "TWT_X_POST_BUDGET_FILE", "/tmp/budget.json"));
        assertThat(c.xDailyPostCap()).isEqualTo(1000);
        assertThat(c.xMonthlyPostCap()).isEqualTo(3_000_000_000L);
        assertThat(c.xPostBudgetFile()).isEqualTo(Path.of("/tmp/budget.json"));
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_X_DAILY_POST_CAP", "0")))
                .hasMessage("x.daily-post-cap: '0' must be at least 1");
    }

    /** The metrics' Stack dimension: the instance's configuration names its stack, so the stack's alarms find them. */
    @Test
    void theMetricsNameTheStackTheConfigurationGives() {
        Properties file = new Properties();
        file.setProperty("metrics.stack", "prod-twt");
        assertThat(ForwarderConfig.load(file, Map.of()).metricsStack()).isEqualTo("prod-twt");
    }

    @Test
    void theV1SourceIsSpelledWithAHyphen() {
        ForwarderConfig c = ForwarderConfig.load(new Properties(), Map.of("TWT_SOURCE", "stream-v1",
                "TWT_V1_STREAM_BASE_URL", "http://127.0.0.1:9/1.1/"));
        assertThat(c.source()).isEqualTo(ForwarderConfig.SourceType.STREAM_V1);
        assertThat(c.v1StreamBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:9/1.1/"));
    }

    @Test
    void theEnvironmentWinsOverTheFile() {
        Properties file = new Properties();
        file.setProperty("source", "file");
        file.setProperty("file", "/data/a.ndjson.gz");
        file.setProperty("firehose.stream", "from-file");
        file.setProperty("flush.interval", "250ms");
        file.setProperty("stream.rules", "$A ; $B OR $C");
        ForwarderConfig c = ForwarderConfig.load(file, Map.of(
                "TWT_FIREHOSE_STREAM", "from-env", "TWT_FILE_FORMAT", "v2", "TWT_RETRY_MAX_RETRIES", "3",
                "TWT_FIREHOSE_ENDPOINT", "http://127.0.0.1:4566"));
        assertThat(c.source()).isEqualTo(ForwarderConfig.SourceType.FILE);
        assertThat(c.file()).isEqualTo(Path.of("/data/a.ndjson.gz"));
        assertThat(c.firehoseStream()).isEqualTo("from-env");
        assertThat(c.fileFormat()).isEqualTo(InputFormat.V2);
        assertThat(c.retryMaxRetries()).isEqualTo(3);
        assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.rules()).isEqualTo(List.of("$A", "$B OR $C"));
        assertThat(c.firehoseEndpoint()).isEqualTo("http://127.0.0.1:4566");
    }

    @Test
    void deadLetterUploadsAreOffUnlessABucketIsSetAndGoUnderRawDeadLetterByDefault() {
        ForwarderConfig off = ForwarderConfig.load(new Properties(), Map.of());
        assertThat(off.deadLetterBucket()).isNull();
        assertThat(off.deadLetterPrefix()).isEqualTo("raw/dead-letter/");
        assertThat(off.deadLetterUploadInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(off.deadLetterInstance()).as("the host name").matches("[A-Za-z0-9._-]+");
        assertThat(off.s3Endpoint()).isNull();

        Properties file = new Properties();
        file.setProperty("deadletter.bucket", "twt-data-1234");
        ForwarderConfig on = ForwarderConfig.load(file, Map.of("TWT_DEADLETTER_PREFIX", "raw/dlq/", "TWT_DEADLETTER_INSTANCE", "i-0abc",
                "TWT_DEADLETTER_UPLOAD_INTERVAL", "5m", "TWT_S3_ENDPOINT", "http://127.0.0.1:9000"));
        assertThat(on.deadLetterBucket()).isEqualTo("twt-data-1234");
        assertThat(on.deadLetterPrefix()).isEqualTo("raw/dlq/");
        assertThat(on.deadLetterInstance()).isEqualTo("i-0abc");
        assertThat(on.deadLetterUploadInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(on.s3Endpoint()).isEqualTo("http://127.0.0.1:9000");
    }

    @Test
    void aDeadLetterPrefixOutsideRawOrNotEndingInASlashAndAnInstanceUnfitForAKeyAreRefusedWithTheKey() {
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_DEADLETTER_PREFIX", "dead-letter/")))
                .hasMessageStartingWith("deadletter.prefix: 'dead-letter/' must start with raw/");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_DEADLETTER_PREFIX", "raw/dead-letter")))
                .hasMessageStartingWith("deadletter.prefix: 'raw/dead-letter'").hasMessageEndingWith("end with /");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_DEADLETTER_INSTANCE", "a/b")))
                .hasMessageStartingWith("deadletter.instance: 'a/b' must be");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_DEADLETTER_UPLOAD_INTERVAL", "0s")))
                .hasMessageStartingWith("deadletter.upload-interval:");
    }

    @Test
    void badValuesAreRefusedWithTheKey() {
        assertThat(ForwarderConfig.envName("stream.stall-timeout")).isEqualTo("TWT_STREAM_STALL_TIMEOUT");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_FLUSH_INTERVAL", "soon")))
                .hasMessageContaining("flush.interval");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_SOURCE", "file")))
                .hasMessageContaining("TWT_FILE");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_SOURCE", "stream-v3")))
                .hasMessage("source: 'stream-v3' is not stream, stream-v1 or file");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_QUEUE_CAPACITY", "lots")))
                .hasMessage("queue.capacity: 'lots' is not a whole number");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_FILE_RATE", "fast")))
                .hasMessage("file.rate: 'fast' is not a number");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_STREAM_STALL_TIMEOUT", "0s")))
                .hasMessage("stream.stall-timeout: '0s' must be more than 0");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_METRICS_INTERVAL", "0ms")))
                .hasMessage("metrics.interval: '0ms' must be more than 0");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_FIREHOSE_SENDERS", "0")))
                .hasMessage("firehose.senders: '0' must be at least 1");
        assertThatThrownBy(() -> ForwarderConfig.load(new Properties(), Map.of("TWT_RETRY_MAX_RETRIES", "-1")))
                .hasMessage("retry.max-retries: '-1' must be at least 0");
    }
}
