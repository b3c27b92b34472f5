package io.twt.forwarder.config;

import io.twt.core.trim.InputFormat;
import io.twt.stream.Durations;
import io.twt.stream.StreamDefaults;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The forwarder's settings, from a properties file and the environment; the environment wins.
 * Property {@code firehose.stream} is environment variable {@code TWT_FIREHOSE_STREAM}: upper
 * case, {@code .} and {@code -} become {@code _}, prefixed with {@code TWT_}.
 */
public record ForwarderConfig(
        SourceType source,
        Path file,
        InputFormat fileFormat,
        double fileRate,
        URI streamBaseUrl,
        Duration stallTimeout,
        List<String> rules,
        URI v1StreamBaseUrl,
        List<String> v1Track,
        String secretId,
        String secretsEndpoint,
        String firehoseStream,
        String firehoseEndpoint,
        String region,
        int queueCapacity,
        int senders,
        Duration flushInterval,
        int retryMaxRetries,
        Duration retryBaseDelay,
        Duration retryMaxDelay,
        Path deadLetterPath,
        Duration shutdownDeadline,
        Duration metricsInterval,
        String metricsStack,
        String deadLetterBucket,
        String deadLetterPrefix,
        String deadLetterInstance,
        Duration deadLetterUploadInterval,
        String s3Endpoint,
        long xDailyPostCap,
        long xMonthlyPostCap,
        Path xPostBudgetFile) {

    /** {@code file}, {@code stream} (X API v2) or {@code stream-v1} (v1.1 through twitter4j). */
    public enum SourceType {
        FILE, STREAM, STREAM_V1;

        static SourceType parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("source: '" + text + "' is not stream, stream-v1 or file", e);
            }
        }
    }

    /** The Validate function's raw prefix: dead letters uploaded under it are validated like Firehose's objects. */
    public static final String RAW_PREFIX = "raw/";
    private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    public static ForwarderConfig load(Properties file, Map<String, String> env) {
        Settings s = new Settings(file, env);
        Path deadLetterPath = Path.of(s.get("dlq.path", "twt-dead-letter.ndjson"));
        ForwarderConfig c = new ForwarderConfig(
                SourceType.parse(s.get("source", "stream")),
                s.has("file") ? Path.of(s.get("file", null)) : null,
                InputFormat.parse(s.get("file.format", "auto")),
                s.number("file.rate", "0"),
                URI.create(s.get("stream.base-url", StreamDefaults.STREAM_BASE_URL)),
                s.positiveDuration("stream.stall-timeout", StreamDefaults.STALL_TIMEOUT),
                Arrays.stream(s.get("stream.rules", StreamDefaults.DEFAULT_RULE).split(";")).map(String::trim).filter(r -> !r.isEmpty()).toList(),
                URI.create(s.get("v1.stream-base-url", StreamDefaults.V1_STREAM_BASE_URL)),
                Arrays.stream(s.get("v1.track", StreamDefaults.DEFAULT_TRACK).split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList(),
                s.get("secret.id", "twt/x"),
                s.get("secrets.endpoint", null),
                s.get("firehose.stream", "twt"),
                s.get("firehose.endpoint", null),
                s.get("aws.region", null),
                s.integer("queue.capacity", "20000", 1),
                s.integer("firehose.senders", "4", 1),
                s.positiveDuration("flush.interval", "1s"),
                s.integer("retry.max-retries", "8", 0),
                s.duration("retry.base-delay", "100ms"),
                s.positiveDuration("retry.max-delay", "20s"),
                deadLetterPath,
                s.positiveDuration("shutdown.deadline", "30s"),
                s.positiveDuration("metrics.interval", "60s"),
                s.get("metrics.stack", "local"),
                s.get("deadletter.bucket", null),
                s.get("deadletter.prefix", RAW_PREFIX + "dead-letter/"),
                s.get("deadletter.instance", null) != null ? s.get("deadletter.instance", null) : localHostName(),
                s.positiveDuration("deadletter.upload-interval", "60s"),
                s.get("s3.endpoint", null),
                s.whole("x.daily-post-cap", Long.toString(StreamDefaults.DAILY_POST_CAP), 1),
                s.whole("x.monthly-post-cap", Long.toString(StreamDefaults.MONTHLY_POST_CAP), 1),
                s.has("x.post-budget-file") ? Path.of(s.get("x.post-budget-file", null))
                        : deadLetterPath.toAbsolutePath().resolveSibling(StreamDefaults.POST_BUDGET_FILE));
        if (c.source == SourceType.FILE && c.file == null) {
            throw new IllegalArgumentException("source=file needs file (TWT_FILE)");
        }
        if (!c.deadLetterPrefix.startsWith(RAW_PREFIX) || !c.deadLetterPrefix.endsWith("/")) {
            throw new IllegalArgumentException("deadletter.prefix: '" + c.deadLetterPrefix + "' must start with " + RAW_PREFIX
                    + " (what the Validate function reads) and end with /");
        }
        if (!INSTANCE.matcher(c.deadLetterInstance).matches()) {
            throw new IllegalArgumentException("deadletter.instance: '" + c.deadLetterInstance
                    + "' must be 1 to 100 letters, digits, '.', '_' or '-' (it is part of an S3 key)");
        }
        return c;
    }

    /** On EC2 the host name is the instance's private DNS name (ip-10-0-1-23.ec2.internal or the instance id). */
    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "forwarder";
        }
    }

    public static String envName(String key) {
        return "TWT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static final class Settings {
        private final Properties file;
        private final Map<String, String> env;

        Settings(Properties file, Map<String, String> env) {
            this.file = file;
            this.env = env;
        }

        boolean has(String key) {
            return get(key, null) != null;
        }

        String get(String key, String fallback) {
            String v = env.get(envName(key));
            if (v == null || v.isBlank()) {
                v = file.getProperty(key);
            }
            return v == null || v.isBlank() ? fallback : v.trim();
        }

        int integer(String key, String fallback, int min) {
            long n = whole(key, fallback, min);
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(key + ": '" + get(key, fallback) + "' must be at most " + Integer.MAX_VALUE);
            }
            return (int) n;
        }

        long whole(String key, String fallback, long min) {
            String v = get(key, fallback);
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number", e);
            }
            if (n < min) {
                throw new IllegalArgumentException(key + ": '" + v + "' must be at least " + min);
            }
            return n;
        }

        double number(String key, String fallback) {
            String v = get(key, fallback);
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": '" + v + "' is not a number", e);
            }
        }

        Duration duration(String key, String fallback) {
            try {
                return Durations.parse(get(key, fallback));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }

        Duration positiveDuration(String key, String fallback) {
            Duration d = duration(key, fallback);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(key + ": '" + get(key, fallback) + "' must be more than 0");
            }
            return d;
        }
    }
}
