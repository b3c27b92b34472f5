package io.twt.forwarder;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.trim.Trimmer;
import io.twt.forwarder.config.ForwarderConfig;
import io.twt.forwarder.delivery.Batcher;
import io.twt.forwarder.delivery.DeadLetterFile;
import io.twt.forwarder.delivery.DeadLetterUploader;
import io.twt.forwarder.delivery.FirehoseDelivery;
import io.twt.forwarder.delivery.RecordQueue;
import io.twt.forwarder.delivery.RetryPolicy;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.forwarder.metrics.MetricsReporter;
import io.twt.forwarder.source.LineForwarder;
import io.twt.xsecret.SecretsManagerCredentials;
import io.twt.stream.Sleeper;
import io.twt.stream.StreamDefaults;
import io.twt.stream.budget.BudgetedSource;
import io.twt.stream.budget.PostBudget;
import io.twt.stream.source.ReplaySource;
import io.twt.stream.source.Source;
import io.twt.stream.x.CredentialsSource;
import io.twt.stream.x.FilteredStreamSource;
import io.twt.stream.x.V1StreamSource;
import io.twt.stream.x.XCredentials;
import io.twt.stream.x.XRefused;
import io.twt.stream.x.XUsage;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code java -jar twt-forwarder.jar [--config FILE]} forwards until SIGTERM (or, for a replayed
 * file, until its end); its benchmark is {@code twt-bench forwarder}, in bench/.
 * Exit codes: 0 done, 1 failed (worth a restart), {@value #EXIT_REFUSED} a configuration or
 * credentials problem that a restart cannot fix (the systemd unit does not restart on it).
 */
public final class ForwarderMain {

    static final int EXIT_REFUSED = 2;
    private static final Duration MAX_UPLOAD_RESERVE = Duration.ofSeconds(10);
    private static final String JUL_FORMAT = "java.util.logging.SimpleFormatter.format";
    private static final Logger LOG = LoggerFactory.getLogger(ForwarderMain.class);

    private ForwarderMain() {
    }

    public static void main(String[] args) throws Exception {
        // twitter4j logs through java.util.logging: one line per message, like the rest of the log.
        if (System.getProperty(JUL_FORMAT) == null) {
            System.setProperty(JUL_FORMAT, "[%3$s] %4$s - %5$s%6$s%n");
        }
        Properties props = new Properties();
        if (args.length == 2 && args[0].equals("--config")) {
            try (Reader r = Files.newBufferedReader(Path.of(args[1]))) {
                props.load(r);
            }
        } else if (args.length != 0) {
            System.err.println("usage: twt-forwarder [--config FILE]");
            System.exit(EXIT_REFUSED);
        }
        ForwarderConfig config;
        try {
            config = ForwarderConfig.load(props, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("twt-forwarder: " + e.getMessage());
            System.exit(EXIT_REFUSED);
            return;
        }
        try {
            System.exit(run(config));
        } catch (IllegalStateException e) { // the secret lacks what the source needs
            LOG.error("cannot run: {}", e.getMessage());
            System.exit(EXIT_REFUSED);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot run: {}", e.toString());
            System.exit(1);
        }
    }

    static int run(ForwarderConfig config) throws IOException, InterruptedException {
        ObjectMapper mapper = new ObjectMapper();
        ForwarderMetrics metrics = new ForwarderMetrics();
        RecordQueue queue = new RecordQueue(config.queueCapacity(), metrics);
        DeadLetterFile deadLetters = new DeadLetterFile(config.deadLetterPath());
        FirehoseClient firehose = AwsClients.firehose(config.firehoseEndpoint(), config.region(), DefaultCredentialsProvider.builder().build());
        FirehoseDelivery delivery = new FirehoseDelivery(firehose, config.firehoseStream(),
                new RetryPolicy(config.retryMaxRetries(), config.retryBaseDelay(), config.retryMaxDelay()),
                Sleeper.SYSTEM, () -> ThreadLocalRandom.current().nextDouble(), deadLetters, metrics);
        Batcher batcher = new Batcher(queue, delivery, config.flushInterval(), config.senders(), deadLetters, metrics);
        LineForwarder lines = new LineForwarder(new Trimmer(config.fileFormat()), queue, metrics);
        Source source = switch (config.source()) {
            case FILE -> new ReplaySource(config.file(), lines, config.fileRate(), System::nanoTime, Sleeper.SYSTEM);
            case STREAM -> streamSource(config, lines, metrics, mapper);
            case STREAM_V1 -> v1StreamSource(config, lines, metrics, mapper);
        };

        S3Client s3 = config.deadLetterBucket() == null ? null
                : AwsClients.s3(config.s3Endpoint(), config.region(), DefaultCredentialsProvider.builder().build());
        DeadLetterUploader uploader = s3 == null ? null : new DeadLetterUploader(deadLetters, s3, config.deadLetterBucket(),
                config.deadLetterPrefix(), config.deadLetterInstance(), Clock.systemUTC());
        Forwarder forwarder = new Forwarder(source, batcher, drainBudget(config.shutdownDeadline(), uploader != null));
        try (MetricsReporter reporter = new MetricsReporter(metrics, mapper, config.metricsInterval(), config.metricsStack())) {
            if (uploader != null) {
                LOG.info("uploading dead letters to s3://{}/{} every {} s", config.deadLetterBucket(), config.deadLetterPrefix(),
                        config.deadLetterUploadInterval().toSeconds());
                uploader.start(config.deadLetterUploadInterval());
            }
            Thread hook = new Thread(() -> {
                try {
                    shutdown(forwarder, uploader, config.shutdownDeadline());
                    reporter.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "twt-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            forwarder.start();
            forwarder.awaitSource();
            boolean clean = shutdown(forwarder, uploader, config.shutdownDeadline());
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                LOG.info("shutting down on a signal");
            }
            if (forwarder.sourceFailure() instanceof XRefused refused) {
                LOG.error("cannot forward the stream: {}", refused.getMessage());
                return EXIT_REFUSED;
            }
            return forwarder.sourceFailure() == null && clean ? 0 : 1;
        } finally {
            firehose.close();
            if (s3 != null) {
                s3.close();
            }
        }
    }

    /**
     * The part of the shutdown deadline the forwarder may spend delivering. With uploads on, a third
     * of it (at most 10 s) is kept for the last upload: the records dead-lettered because Firehose
     * was stuck are exactly the ones that must not stay on a volume the instance's end deletes.
     */
    static Duration drainBudget(Duration deadline, boolean uploads) {
        if (!uploads) {
            return deadline;
        }
        Duration reserve = deadline.dividedBy(3);
        return deadline.minus(reserve.compareTo(MAX_UPLOAD_RESERVE) > 0 ? MAX_UPLOAD_RESERVE : reserve);
    }

    /** Shuts the forwarder down, then uploads what it dead-lettered within what is left of the deadline. */
    private static boolean shutdown(Forwarder forwarder, DeadLetterUploader uploader, Duration deadline) throws InterruptedException {
        long start = System.nanoTime();
        boolean clean = forwarder.shutdown();
        if (uploader != null) {
            uploader.stop(deadline.minusNanos(System.nanoTime() - start));
        }
        return clean;
    }

    private static CredentialsSource credentials(ForwarderConfig config, ObjectMapper mapper) {
        return new SecretsManagerCredentials(
                AwsClients.secretsManager(config.secretsEndpoint(), config.region(), DefaultCredentialsProvider.builder().build()),
                config.secretId(), mapper);
    }

    /** The X post budget both stream sources are held to, its counts in the metrics. */
    private static PostBudget budget(ForwarderConfig config, ForwarderMetrics metrics) {
        PostBudget budget = PostBudget.open(config.xPostBudgetFile(), config.xDailyPostCap(), config.xMonthlyPostCap(),
                Clock.systemUTC());
        metrics.budget(budget);
        LOG.info("X post budget: at most {} posts a UTC day and {} a UTC month (state in {})", config.xDailyPostCap(),
                config.xMonthlyPostCap(), config.xPostBudgetFile());
        return budget;
    }

    private static Source v1StreamSource(ForwarderConfig config, LineForwarder lines, ForwarderMetrics metrics,
            ObjectMapper mapper) {
        XCredentials keys = credentials(config, mapper).current();
        if (keys.consumerKey() == null || keys.consumerSecret() == null || keys.accessToken() == null
                || keys.accessTokenSecret() == null) {
            throw new IllegalStateException("source=stream-v1 needs the OAuth 1.0a keys in secret " + config.secretId());
        }
        return new BudgetedSource(budget(config, metrics),
                l -> new V1StreamSource(keys, config.v1StreamBaseUrl(), config.v1Track(), l, metrics::reconnect), lines, Sleeper.SYSTEM);
    }

    /**
     * The rules sync runs on the source thread, retrying until it succeeds, is refused, or SIGTERM
     * stops it. Before it, X's usage endpoint may raise the budget's counts; it holds up the start
     * by at most {@link StreamDefaults#USAGE_TIMEOUT}, and its failure only leaves them as they were.
     */
    private static Source streamSource(ForwarderConfig config, LineForwarder lines, ForwarderMetrics metrics,
            ObjectMapper mapper) throws InterruptedException {
        CredentialsSource credentials = credentials(config, mapper);
        if (credentials.current().bearerToken() == null) {
            throw new IllegalStateException("source=stream needs bearer_token in secret " + config.secretId());
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(StreamDefaults.CONNECT_TIMEOUT).build();
        LOG.info("forwarding the filtered stream at {} to Firehose stream {}", config.streamBaseUrl(), config.firehoseStream());
        PostBudget budget = budget(config, metrics);
        XUsage.seed(budget, http, config.streamBaseUrl(), credentials, StreamDefaults.USAGE_TIMEOUT);
        return new BudgetedSource(budget, l -> new FilteredStreamSource(http, config.streamBaseUrl(), credentials, config.rules(), l,
                metrics::reconnect, Sleeper.SYSTEM, Clock.systemUTC(), config.stallTimeout()), lines, Sleeper.SYSTEM);
    }
}
