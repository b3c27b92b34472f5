package io.twt.stream.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twt.stream.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the filtered stream's rules match the configured ones: rules tagged {@value #TAG} that are
 * no longer wanted are deleted, wanted rules not there yet are added with that tag, and rules other
 * tools own are left alone. Running it twice changes nothing the second time.
 *
 * <p>A failed attempt is started again from the top (reading the rules) after the wait
 * {@link ReconnectBackoff} gives for its cause: network errors, HTTP errors (5xx, 408) and 429
 * alike, until the sync succeeds or the thread is interrupted (shutdown). What a retry cannot fix
 * ends it at once with {@link XRefused}: 401 once the credentials have been read again, 403, any
 * other 4xx, and a rule X will not create.
 */
public final class StreamRulesSync {

    public static final String TAG = "twt";
    static final String RULES_PATH = "/2/tweets/search/stream/rules";
    private static final Logger LOG = LoggerFactory.getLogger(StreamRulesSync.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a sync changed. */
    public record Changes(List<String> deletedIds, List<String> added) {}

    /** An answer other than 2xx, to be judged by {@link #sync}. */
    private static final class HttpFailure extends IOException {
        final int status;
        final String what;
        final Long rateLimitReset;
        final String xError;

        HttpFailure(int status, String what, Long rateLimitReset, String xError) {
            super("HTTP " + status + " to " + what + ": " + xError);
            this.status = status;
            this.what = what;
            this.rateLimitReset = rateLimitReset;
            this.xError = xError;
        }
    }

    private final HttpClient http;
    private final URI rulesUri;
    private final CredentialsSource credentials;
    private final ObjectMapper mapper;
    private final Sleeper sleeper;
    private final Clock clock;

    public StreamRulesSync(HttpClient http, URI baseUrl, CredentialsSource credentials, ObjectMapper mapper,
            Sleeper sleeper, Clock clock) {
        this.http = http;
        this.rulesUri = baseUrl.resolve(RULES_PATH);
        this.credentials = credentials;
        this.mapper = mapper;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Syncs the rules, retrying as X asks; throws {@link XRefused} when retrying cannot help. */
    public Changes sync(List<String> wanted) throws XRefused, InterruptedException {
        ReconnectBackoff backoff = new ReconnectBackoff();
        boolean credentialsReadAgain = false;
        while (true) {
            String cause;
            String detail;
            Duration delay;
            try {
                return attempt(wanted);
            } catch (XRefused e) {
                throw e;
            } catch (HttpFailure f) {
                detail = "HTTP " + f.status + " to " + f.what + ": " + f.xError;
                if (f.status == 429) {
                    cause = "rate_limited";
                    delay = backoff.afterRateLimit(f.rateLimitReset, clock.instant());
                } else if (f.status == 401 && !credentialsReadAgain) {
                    cause = "unauthorized";
                    credentialsReadAgain = readCredentialsAgain();
                    delay = credentialsReadAgain ? Duration.ZERO : backoff.afterHttpError();
                } else if (f.status == 401) {
                    throw new XRefused("X answered HTTP 401 to " + f.what + " even with the credentials read again: "
                            + "the bearer token is not valid (" + f.xError + ")");
                } else if (f.status == 403) {
                    throw new XRefused("X answered HTTP 403 to " + f.what + ": the bearer token lacks access to the "
                            + "filtered stream (its app must be in a Project with filtered-stream access): " + f.xError);
                } else if (f.status / 100 == 4 && f.status != 408) {
                    throw new XRefused("X refused to " + f.what + " (HTTP " + f.status + "): " + f.xError);
                } else {
                    cause = "http_error";
                    delay = backoff.afterHttpError();
                }
            } catch (IOException e) {
                cause = "network";
                detail = e.getClass().getSimpleName() + ": " + e.getMessage();
                delay = backoff.afterNetworkError();
            }
            LOG.warn("could not sync the stream rules ({}: {}); retrying in {} ms", cause, detail, delay.toMillis());
            if (!delay.isZero()) {
                sleeper.sleep(delay);
            }
        }
    }

    private boolean readCredentialsAgain() {
        try {
            credentials.refresh();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("could not read the X credentials again: {}", e.getMessage());
            return false;
        }
    }

    private Changes attempt(List<String> wanted) throws IOException, InterruptedException {
        JsonNode current = call(get(), "read the stream rules");
        Set<String> present = new LinkedHashSet<>();
        List<String> deleteIds = new ArrayList<>();
        for (JsonNode rule : current.path("data")) {
            String value = rule.path("value").asText();
            if (TAG.equals(rule.path("tag").asText(null)) && !wanted.contains(value)) {
                deleteIds.add(rule.path("id").asText());
            } else {
                present.add(value);
            }
        }
        List<String> add = new ArrayList<>();
        for (String value : new LinkedHashSet<>(wanted)) {
            if (!present.contains(value)) {
                add.add(value);
            }
        }
        if (!deleteIds.isEmpty()) {
            ObjectNode body = mapper.createObjectNode();
            ArrayNode ids = body.putObject("delete").putArray("ids");
            deleteIds.forEach(ids::add);
            call(post(body), "delete stream rules");
        }
        if (!add.isEmpty()) {
            ObjectNode body = mapper.createObjectNode();
            ArrayNode rules = body.putArray("add");
            add.forEach(v -> rules.addObject().put("value", v).put("tag", TAG));
            JsonNode answer = call(post(body), "add stream rules");
            if (answer.path("meta").path("summary").path("not_created").asInt(0) > 0) {
                throw new XRefused("X did not create every stream rule: " + XErrorText.of(answer.toString()));
            }
        }
        LOG.info("stream rules in sync: {} deleted, {} added, {} kept", deleteIds.size(), add.size(),
                wanted.size() - add.size());
        return new Changes(deleteIds, add);
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(rulesUri).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + credentials.current().bearerToken());
    }

    private HttpRequest get() {
        return request().GET().build();
    }

    private HttpRequest post(JsonNode body) {
        return request().header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private JsonNode call(HttpRequest request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 != 2) {
            Long reset = response.headers().firstValue("x-rate-limit-reset").map(ReconnectBackoff::epochSecond).orElse(null);
            throw new HttpFailure(status, what, reset, XErrorText.of(response.body()));
        }
        try {
            return mapper.readTree(response.body());
        } catch (IOException e) {
            throw new HttpFailure(status, what, null, "the answer is not JSON");
        }
    }
}
