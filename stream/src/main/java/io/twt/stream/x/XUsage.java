package io.twt.stream.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twt.stream.budget.PostBudget;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * X's own count of posts read, from {@code GET /2/usage/tweets}
 * (https://docs.x.com/x-api/x-api-v2/usage/tweets; bearer token; 50 requests per 15 minutes):
 * {@code data.project_usage} (posts read in the billing cycle), {@code data.project_cap} and the
 * daily breakdown {@code data.daily_project_usage}. The documented examples disagree on the shapes
 * (counts as strings or numbers; the breakdown as an object with {@code usage: [{date, usage}]}
 * or as a list of {@code {date, usage: [{tweets_consumed}]}}), so each part is read where found and
 * skipped where not.
 */
public final class XUsage {

    /** Two days: today's entry is among them, whether or not X lists the day in progress as the last one. */
    static final String USAGE_PATH = "/2/usage/tweets?days=2";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(XUsage.class);

    /** What the answer said; a part it lacked is empty. */
    public record Usage(OptionalLong projectUsage, OptionalLong projectCap, Map<LocalDate, Long> daily) {}

    private XUsage() {
    }

    /**
     * Raises {@code budget}'s counts to X's where X's are higher. Waits at most {@code timeout} for
     * the whole answer; any failure is logged and leaves the budget as it was.
     */
    public static void seed(PostBudget budget, HttpClient http, URI baseUrl, CredentialsSource credentials, Duration timeout)
            throws InterruptedException {
        Optional<Usage> usage = read(http, baseUrl, credentials, timeout);
        if (usage.isEmpty()) {
            return;
        }
        Usage u = usage.get();
        u.projectCap().ifPresent(cap -> {
            if (cap < budget.monthlyCap()) {
                LOG.warn("X post budget: X's project cap of {} posts is lower than the monthly cap of {}: X stops the stream first",
                        cap, budget.monthlyCap());
            }
        });
        budget.seed(u.projectUsage(), u.daily());
    }

    /** The usage X reports, or empty (logged) when it cannot be had within {@code timeout}. */
    public static Optional<Usage> read(HttpClient http, URI baseUrl, CredentialsSource credentials, Duration timeout)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(USAGE_PATH))
                .header("Authorization", "Bearer " + credentials.current().bearerToken())
                .timeout(timeout)
                .GET().build();
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                LOG.warn("X post budget: the usage endpoint answered HTTP {}: {}; counting from the state file",
                        response.statusCode(), XErrorText.of(response.body()));
                return Optional.empty();
            }
            Optional<Usage> usage = parse(response.body());
            if (usage.isEmpty()) {
                LOG.warn("X post budget: the usage endpoint's answer has no usage in it; counting from the state file");
            }
            return usage;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.warn("X post budget: could not read the usage endpoint ({}: {}); counting from the state file",
                    cause.getClass().getSimpleName(), cause.getMessage());
        } catch (TimeoutException e) {
            LOG.warn("X post budget: the usage endpoint did not answer within {} ms; counting from the state file",
                    timeout.toMillis());
        } finally {
            answer.cancel(true);
        }
        return Optional.empty();
    }

    /** The usage in an answer's body; empty when it is not JSON or names neither usage nor a daily count. */
    static Optional<Usage> parse(String body) {
        JsonNode data;
        try {
            data = MAPPER.readTree(body).path("data");
        } catch (IOException e) {
            return Optional.empty();
        }
        Map<LocalDate, Long> daily = new HashMap<>();
        collectDaily(data.path("daily_project_usage"), daily);
        Usage usage = new Usage(count(data.get("project_usage")), count(data.get("project_cap")), Map.copyOf(daily));
        return usage.projectUsage().isEmpty() && daily.isEmpty() ? Optional.empty() : Optional.of(usage);
    }

    /** Every object under {@code node} with a {@code date}: its count is its {@code usage}, or the sum of the counts in it. */
    private static void collectDaily(JsonNode node, Map<LocalDate, Long> daily) {
        if (node.isArray()) {
            node.forEach(n -> collectDaily(n, daily));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        LocalDate date = date(node.path("date").asText());
        if (date == null) {
            node.forEach(n -> collectDaily(n, daily));
            return;
        }
        OptionalLong n = sum(node.has("usage") ? node.get("usage") : node.get("tweets_consumed"));
        n.ifPresent(v -> daily.merge(date, v, Long::sum));
    }

    private static OptionalLong sum(JsonNode node) {
        if (node == null) {
            return OptionalLong.empty();
        }
        if (!node.isArray()) {
            return count(node);
        }
        long total = 0;
        boolean any = false;
        for (JsonNode item : node) {
            OptionalLong n = item.isObject() ? sum(item.has("usage") ? item.get("usage") : item.get("tweets_consumed")) : count(item);
            if (n.isPresent()) {
                total += n.getAsLong();
                any = true;
            }
        }
        return any ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /** A count written as a number or a string of digits; empty otherwise (or when negative). */
    private static OptionalLong count(JsonNode node) {
        if (node == null) {
            return OptionalLong.empty();
        }
        try {
            if (node.isNumber() && !(node.isIntegralNumber() && node.canConvertToLong())) {
                return OptionalLong.empty();
            }
            long n = node.isNumber() ? node.longValue() : Long.parseLong(node.asText().trim());
            return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The date at the start of {@code text} (2024-01-15, or 2024-01-15T00:00:00.000Z), or null. */
    private static LocalDate date(String text) {
        if (text.length() < 10) {
            return null;
        }
        try {
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
