package io.twt.forwarder.x;

import io.twt.core.io.LineReader;
import io.twt.core.trim.TrimResult;
import io.twt.forwarder.Sleeper;
import io.twt.forwarder.metrics.ForwarderMetrics;
import io.twt.forwarder.source.LineForwarder;
import io.twt.forwarder.source.Source;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X API v2 filtered stream, read line by line and kept connected: a stall (no byte, not even
 * a keep-alive, for the stall timeout), a dropped connection, an HTTP error or an
 * operational-disconnect message each lead to a reconnect after the {@link ReconnectBackoff}
 * delay, counted by cause. A 401 reads the credentials again first.
 */
public final class FilteredStreamSource implements Source {

    static final String STREAM_PATH = "/2/tweets/search/stream?tweet.fields=created_at,public_metrics,author_id,note_tweet"
            + "&expansions=author_id&user.fields=username,name,public_metrics,verified,verified_type";
    static final String OPERATIONAL_DISCONNECT = "operational-disconnect";
    private static final Logger LOG = LoggerFactory.getLogger(FilteredStreamSource.class);
    private static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final HttpClient http;
    private final URI streamUri;
    private final CredentialsSource credentials;
    private final LineForwarder forwarder;
    private final ForwarderMetrics metrics;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration stallTimeout;
    private final ReconnectBackoff backoff = new ReconnectBackoff();
    private volatile boolean stopped;
    private volatile ChunkStream body;

    public FilteredStreamSource(HttpClient http, URI baseUrl, CredentialsSource credentials, LineForwarder forwarder,
            ForwarderMetrics metrics, Sleeper sleeper, Clock clock, Duration stallTimeout) {
        this.http = http;
        this.streamUri = baseUrl.resolve(STREAM_PATH);
        this.credentials = credentials;
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.sleeper = sleeper;
        this.clock = clock;
        this.stallTimeout = stallTimeout;
    }

    /** The message that ends one connection and what to do about it. */
    private record Disconnect(String cause, String detail, Duration delay) {}

    /** Signals an operational-disconnect line out of the line handler. */
    private static final class OperationalDisconnect extends IOException {
        OperationalDisconnect() {
            super(OPERATIONAL_DISCONNECT);
        }
    }

    @Override
    public void run() throws InterruptedException {
        while (!stopped) {
            Disconnect d = connectAndRead();
            if (stopped) {
                return;
            }
            metrics.reconnect(d.cause());
            LOG.warn("stream disconnected ({}: {}); reconnecting in {} ms", d.cause(), d.detail(), d.delay().toMillis());
            if (!d.delay().isZero()) {
                sleeper.sleep(d.delay());
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        ChunkStream b = body;
        if (b != null) {
            b.close();
        }
    }

    private Disconnect connectAndRead() throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(streamUri)
                .header("Authorization", "Bearer " + credentials.current().bearerToken())
                .timeout(stallTimeout.plusSeconds(10))
                .GET().build();
        HttpResponse<ChunkStream> response;
        try {
            response = http.send(request, info -> new ChunkStream(stallTimeout.toMillis()));
        } catch (IOException e) {
            return new Disconnect("network", e.getClass().getSimpleName() + ": " + e.getMessage(), backoff.afterNetworkError());
        }
        int status = response.statusCode();
        try (ChunkStream stream = response.body()) {
            if (status != 200) {
                return httpError(response);
            }
            body = stream;
            backoff.connected();
            LOG.info("connected to the filtered stream");
            return read(stream);
        } finally {
            body = null;
        }
    }

    private Disconnect read(ChunkStream stream) throws InterruptedException {
        try {
            new LineReader(MAX_LINE_BYTES).read(stream, (number, buf, len, truncated) -> {
                TrimResult r;
                try {
                    r = forwarder.accept("stream line " + number, buf, len, truncated);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
                if (r != null && r.kind() == TrimResult.Kind.CONTROL && OPERATIONAL_DISCONNECT.equals(r.control())) {
                    throw new OperationalDisconnect();
                }
            });
            return new Disconnect("stream_ended", "the server closed the stream", backoff.afterNetworkError());
        } catch (OperationalDisconnect e) {
            return new Disconnect("operational_disconnect", "X asked to reconnect", Duration.ZERO);
        } catch (ChunkStream.StallException e) {
            return new Disconnect("stall", e.getMessage(), backoff.afterNetworkError());
        } catch (InterruptedIOException e) {
            throw new InterruptedException("interrupted while reading the stream");
        } catch (IOException e) {
            return new Disconnect("network", e.getClass().getSimpleName() + ": " + e.getMessage(), backoff.afterNetworkError());
        }
    }

    private Disconnect httpError(HttpResponse<ChunkStream> response) {
        int status = response.statusCode();
        if (status == 429) {
            Long reset = response.headers().firstValue("x-rate-limit-reset").map(FilteredStreamSource::epochSecond).orElse(null);
            return new Disconnect("rate_limited", "HTTP 429", backoff.afterRateLimit(reset, clock.instant()));
        }
        if (status == 401) {
            credentials.refresh();
            return new Disconnect("unauthorized", "HTTP 401; credentials read again", backoff.afterHttpError());
        }
        return new Disconnect("http_error", "HTTP " + status, backoff.afterHttpError());
    }

    private static Long epochSecond(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
