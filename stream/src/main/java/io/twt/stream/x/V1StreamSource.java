package io.twt.stream.x;

import io.twt.stream.source.LineConsumer;
import io.twt.stream.source.ReconnectCounter;
import io.twt.stream.source.Source;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import twitter4j.Twitter;
import twitter4j.v1.ConnectionLifeCycleListener;
import twitter4j.v1.FilterQuery;
import twitter4j.v1.RawStreamListener;
import twitter4j.v1.TwitterStream;

/**
 * The v1.1 {@code statuses/filter} stream through twitter4j (OAuth 1.0a, {@code track} terms,
 * stall warnings on). twitter4j keeps the connection and reconnects by itself; each raw message
 * is handed on like any other line and each disconnect is counted as {@code v1_disconnect} and
 * logged with the error that caused it. twitter4j 4.1.2 does not tell its listeners about an HTTP
 * error when it connects (it retries a 401 with the same keys, and its consumer thread dies on a
 * 403), so unlike the v2 source this one cannot read the secret again on a 401; a restart does.
 * Messages that arrive after {@link #stop()} are not forwarded.
 */
public final class V1StreamSource implements Source {

    private static final Logger LOG = LoggerFactory.getLogger(V1StreamSource.class);

    private final XCredentials credentials;
    private final URI streamBaseUrl;
    private final List<String> track;
    private final LineConsumer lines;
    private final ReconnectCounter reconnects;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong messages = new AtomicLong();
    private volatile String lastError = "no error reported";

    public V1StreamSource(XCredentials credentials, URI streamBaseUrl, List<String> track, LineConsumer lines,
            ReconnectCounter reconnects) {
        this.credentials = credentials;
        this.streamBaseUrl = streamBaseUrl;
        this.track = List.copyOf(track);
        this.lines = lines;
        this.reconnects = reconnects;
    }

    @Override
    public void run() throws InterruptedException {
        Properties settings = new Properties();
        settings.setProperty("streamBaseURL", streamBaseUrl.toString().endsWith("/") ? streamBaseUrl.toString() : streamBaseUrl + "/");
        settings.setProperty("oauth.consumerKey", credentials.consumerKey());
        settings.setProperty("oauth.consumerSecret", credentials.consumerSecret());
        settings.setProperty("oauth.accessToken", credentials.accessToken());
        settings.setProperty("oauth.accessTokenSecret", credentials.accessTokenSecret());
        settings.setProperty("stream.enableStallWarnings", "true");
        settings.setProperty("jsonStoreEnabled", "true");
        Twitter.TwitterBuilder builder = Twitter.newBuilder();
        builder.load(settings);
        builder.listener((RawStreamListener) new Forwarding());
        builder.connectionLifeCycleListener(new Lifecycle());
        TwitterStream stream = builder.build().v1().stream();
        stream.filter(FilterQuery.ofTrack(track.toArray(String[]::new)));
        LOG.info("following the v1.1 filter stream at {} for {}", streamBaseUrl, track);
        try {
            stopped.await();
        } finally {
            // twitter4j's shutdown waits for the blocked read (up to a keep-alive period): do not hold up the drain.
            Thread closer = new Thread(stream::shutdown, "twt-v1-shutdown");
            closer.setDaemon(true);
            closer.start();
        }
    }

    @Override
    public void stop() {
        stopped.countDown();
    }

    private final class Forwarding implements RawStreamListener {
        @Override
        public void onMessage(String raw) {
            if (stopped.getCount() == 0) {
                return; // read after stop: the queue may already be drained
            }
            byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
            try {
                lines.accept("v1 stream", messages.incrementAndGet(), bytes, bytes.length, false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onException(Exception e) {
            lastError = e.toString();
            LOG.warn("v1.1 stream: {}", lastError);
        }
    }

    private final class Lifecycle implements ConnectionLifeCycleListener {
        @Override
        public void onConnect() {
            LOG.info("connected to the v1.1 filter stream");
        }

        @Override
        public void onDisconnect() {
            if (stopped.getCount() == 0) {
                return; // our own shutdown
            }
            reconnects.reconnecting("v1_disconnect");
            LOG.warn("v1.1 filter stream disconnected ({}); twitter4j reconnects", lastError);
        }

        @Override
        public void onCleanUp() {
            LOG.debug("v1.1 stream cleaned up");
        }
    }
}
