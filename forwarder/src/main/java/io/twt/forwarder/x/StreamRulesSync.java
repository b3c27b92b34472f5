package io.twt.forwarder.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 */
public final class StreamRulesSync {

    public static final String TAG = "twt";
    private static final Logger LOG = LoggerFactory.getLogger(StreamRulesSync.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What a sync changed. */
    public record Changes(List<String> deletedIds, List<String> added) {}

    private final HttpClient http;
    private final URI rulesUri;
    private final CredentialsSource credentials;
    private final ObjectMapper mapper;

    public StreamRulesSync(HttpClient http, URI baseUrl, CredentialsSource credentials, ObjectMapper mapper) {
        this.http = http;
        this.rulesUri = baseUrl.resolve("/2/tweets/search/stream/rules");
        this.credentials = credentials;
        this.mapper = mapper;
    }

    public Changes sync(List<String> wanted) throws IOException, InterruptedException {
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
                throw new IOException("X did not create every stream rule: " + answer.path("errors"));
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
        if (response.statusCode() / 100 != 2) {
            String body = response.body();
            throw new IOException("could not " + what + ": HTTP " + response.statusCode() + ": "
                    + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
        return mapper.readTree(response.body());
    }
}
