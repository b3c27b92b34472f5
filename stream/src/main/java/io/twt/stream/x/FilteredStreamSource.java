package io.twt.stream.x;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.core.io.LineReader;
import io.twt.core.line.LineStage;
import io.twt.core.trim.TrimResult;
import io.twt.stream.Sleeper;
import io.twt.stream.source.LineConsumer;
import io.twt.stream.source.ReconnectCounter;
import io.twt.stream.source.Source;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The X API v2 filtered stream. It first syncs the stream rules ({@link StreamRulesSync}, which
 * retries by itself), then reads the stream line by line and keeps it connected: a stall (no byte,
 * not even a keep-alive, for the stall timeout), a dropped connection, an HTTP error or an
 * operational-disconnect message each lead to a reconnect after the {@link ReconnectBackoff}
 * delay, counted by cause. A 401 reads the credentials again first.
 *
 * <p>A 429 whose problem has {@code connection_issue} {@value #TOO_MANY_CONNECTIONS} means X still
 * counts another connection of the app (pay-per-use allows one): a stale one, or the instance this
 * one replaces. The first such answer, in a process that has not streamed yet, ends all of the app's
 * streaming connections with {@code DELETE} {@value #CONNECTIONS_PATH}; later ones only back off.
 * Only a newcomer ends connections: the instance it replaces, cut off by that DELETE, may win the
 * reconnect, but it has streamed, so it never ends its successor's stream in turn (no ping-pong);
 * it streams until it is stopped, and the newcomer connects at its next try after that. The DELETE's failure
 * (an error answer, a network error, no answer within the stall timeout) is logged and changes
 * nothing else: the 429 back-off follows either way. (X docs: "Handling disconnections", "Terminate
 * all connections"; the problem's shape is X's {@code ConnectionExceptionProblem}.)
 *
 * <p>All of this runs on the source thread, so that stopping the source (and interrupting its
 * thread) ends any step.
 */
public final class FilteredStreamSource implements Source {

    /**
     * {@code entities} in tweet.fields gives data.entities (cashtags, hashtags, mentions, urls). Each
     * post's {@code matching_rules} (rule id and tag) come with every post without being asked for:
     * there is no parameter for them (https://docs.x.com/x-api/posts/filtered-stream/integrate/matching-returned-tweets).
     */
    static final String STREAM_PATH = "/2/tweets/search/stream?tweet.fields=created_at,public_metrics,author_id,note_tweet,entities"
            + "&expansions=author_id&user.fields=username,name,public_metrics,verified,verified_type";
    static final String OPERATIONAL_DISCONNECT = "operational-disconnect";
    static final String CONNECTIONS_PATH = "/2/connections/all";
    static final String TOO_MANY_CONNECTIONS = "TooManyConnections";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(FilteredStreamSource.class);
    private static final int ERROR_BODY_BYTES = 4096;

    private final HttpClient http;
    private final URI streamUri;
    private final URI connectionsUri;
    private final CredentialsSource credentials;
    private final StreamRulesSync rulesSync;
    private final List<String> rules;
    private final LineConsumer lines;
    private final ReconnectCounter reconnects;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration stallTimeout;
    private final ReconnectBackoff backoff = new ReconnectBackoff();
    private volatile boolean stopped;
    private volatile ChunkStream body;
    /** Set by the first 200 or the one DELETE of the connections; only the source thread touches it. */
    private boolean mayEndConnections = true;

    /**
     * @param rules the stream rules to sync before connecting (tagged {@value StreamRulesSync#TAG})
     * @param sleeper waits out the back-off, of the rules sync too
     * @param clock tells how far away {@code x-rate-limit-reset} is
     */
    public FilteredStreamSource(HttpClient http, URI baseUrl, CredentialsSource credentials, List<String> rules,
            LineConsumer lines, ReconnectCounter reconnects, Sleeper sleeper, Clock clock, Duration stallTimeout) {
        this.http = http;
        this.streamUri = baseUrl.resolve(STREAM_PATH);
        this.connectionsUri = baseUrl.resolve(CONNECTIONS_PATH);
        this.credentials = credentials;
        this.rulesSync = new StreamRulesSync(http, baseUrl, credentials, new ObjectMapper(), sleeper, clock);
        this.rules = List.copyOf(rules);
        this.lines = lines;
        this.reconnects = reconnects;
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
    public void run() throws XRefused, InterruptedException {
        rulesSync.sync(rules);
        LOG.info("reading the filtered stream at {}", streamUri.getHost());
        while (!stopped) {
            Disconnect d = connectAndRead();
            if (stopped) {
                return;
            }
            reconnects.reconnecting(d.cause());
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
                return httpError(response, stream);
            }
            body = stream;
            backoff.connected();
            mayEndConnections = false;
            LOG.info("connected to the filtered stream");
            return read(stream);
        } finally {
            body = null;
        }
    }

    private Disconnect read(ChunkStream stream) throws InterruptedException {
        try {
            new LineReader(LineStage.MAX_LINE_BYTES).read(stream, (number, buf, len, truncated) -> {
                TrimResult r;
                try {
                    r = lines.accept("stream", number, buf, len, truncated);
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

    private Disconnect httpError(HttpResponse<ChunkStream> response, ChunkStream stream) throws InterruptedException {
        int status = response.statusCode();
        String body = errorBody(stream);
        String detail = "HTTP " + status + ": " + XErrorText.of(body);
        if (status == 429) {
            Long reset = response.headers().firstValue("x-rate-limit-reset").map(ReconnectBackoff::epochSecond).orElse(null);
            Duration delay = backoff.afterRateLimit(reset, clock.instant());
            if (!tooManyConnections(body)) {
                return new Disconnect("rate_limited", detail, delay);
            }
            if (mayEndConnections) {
                mayEndConnections = false;
                endAllConnections();
            }
            return new Disconnect("too_many_connections", detail, delay);
        }
        if (status == 401) {
            try {
                credentials.refresh();
                detail += "; credentials read again";
            } catch (RuntimeException e) {
                detail += "; could not read the credentials again: " + e.getMessage();
            }
            return new Disconnect("unauthorized", detail, backoff.afterHttpError());
        }
        return new Disconnect("http_error", detail, backoff.afterHttpError());
    }

    /** Whether the problem says {@value #TOO_MANY_CONNECTIONS}, at the top or inside {@code errors}. */
    private static boolean tooManyConnections(String body) {
        try {
            return MAPPER.readTree(body).findValuesAsText("connection_issue").contains(TOO_MANY_CONNECTIONS);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Asks X to end all of the app's streaming connections, waiting at most the stall timeout for the
     * whole answer (a request timeout would only bound the wait for its headers).
     */
    private void endAllConnections() throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(connectionsUri)
                .header("Authorization", "Bearer " + credentials.current().bearerToken())
                .DELETE().build();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = answer.get(stallTimeout.toMillis(), TimeUnit.MILLISECONDS);
            String said = "HTTP " + response.statusCode() + ": " + XErrorText.of(response.body());
            if (response.statusCode() == 200) {
                LOG.info("too many stream connections: asked X to end all of the app's streaming connections ({})", said);
            } else {
                LOG.warn("too many stream connections: X did not end the app's streaming connections ({})", said);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.warn("too many stream connections: could not ask X to end the app's streaming connections ({}: {})",
                    cause.getClass().getSimpleName(), cause.getMessage());
        } catch (TimeoutException e) {
            LOG.warn("too many stream connections: X did not answer the request to end the app's streaming connections "
                    + "within {} ms", stallTimeout.toMillis());
        } finally {
            answer.cancel(true);
        }
    }

    /** The start of an error answer, for the log; empty when it cannot be read in time. */
    private static String errorBody(ChunkStream stream) {
        try {
            return new String(stream.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
