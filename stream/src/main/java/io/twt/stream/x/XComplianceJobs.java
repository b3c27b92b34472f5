package io.twt.stream.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.twt.core.compliance.ComplianceKind;
import io.twt.stream.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * X's batch compliance jobs (https://docs.x.com/x-api/compliance/batch-compliance/quickstart,
 * https://developer.x.com/en/docs/x-api/compliance/batch-compliance/api-reference/post-compliance-jobs):
 * {@code POST /2/compliance/jobs} with {@code type} tweets or users creates a job whose answer
 * holds a signed {@code upload_url} and {@code download_url}; the ids go up with a {@code PUT} of
 * {@code text/plain}, one per line; {@code GET /2/compliance/jobs/{id}} tells the status (created,
 * in_progress, complete, failed, expired); the download is one JSON object per line, for the ids
 * that have an event only. App-only bearer token; 150 requests per 15 minutes; one job at a time.
 *
 * <p>A run is resumable without a state store: jobs are named, and {@link #run} first looks for
 * the named job X still lists, so a run cut short by its timeout picks up the job it created
 * instead of creating another. The signed URLs get no Authorization header: the bearer token
 * goes to api.x.com only.
 */
public final class XComplianceJobs {

    /** A job's state, as X reports it. */
    public enum Status {
        CREATED, IN_PROGRESS, COMPLETE, FAILED, EXPIRED;

        static Status of(String wire) throws IOException {
            try {
                return valueOf(wire.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IOException("X answered a compliance job status twt does not know: \"" + wire + "\"");
            }
        }

        boolean done() {
            return this == COMPLETE || this == FAILED || this == EXPIRED;
        }
    }

    /** A job as X describes it; {@code uploadExpiresAt} may be null when X does not say. */
    public record Job(String id, ComplianceKind kind, String name, Status status, URI uploadUrl, URI downloadUrl,
            Instant createdAt, Instant uploadExpiresAt) {}

    /** What {@link #run} came to: the result lines of a complete job, or the job still under way when time ran out. */
    public record Outcome(Job job, List<String> resultLines) {
        public boolean complete() {
            return job.status() == Status.COMPLETE;
        }
    }

    static final String JOBS_PATH = "/2/compliance/jobs";
    /** X's limit on a job's name. */
    static final int MAX_NAME_LENGTH = 64;
    /** The first wait between two status checks, doubled after each up to {@link #MAX_POLL}. */
    static final Duration FIRST_POLL = Duration.ofSeconds(5);
    /** At most 15 status checks in 15 minutes: a tenth of the endpoint's 150. */
    static final Duration MAX_POLL = Duration.ofSeconds(60);
    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final CredentialsSource credentials;
    private final Duration requestTimeout;
    private final Sleeper sleeper;
    private final Clock clock;

    public XComplianceJobs(HttpClient http, URI baseUrl, CredentialsSource credentials, Duration requestTimeout,
            Sleeper sleeper, Clock clock) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /**
     * Finds or creates the job named {@code name}, uploads {@code ids} if it still awaits them,
     * waits for it until {@code deadline}, and downloads its result when complete. A failed or
     * expired job, or one whose upload window has closed, is replaced by a new one.
     */
    public Outcome run(ComplianceKind kind, String name, List<String> ids, Instant deadline) throws IOException, InterruptedException {
        checkIds(ids);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a compliance job needs at least one id");
        }
        Job job = find(kind, name).filter(this::usable).orElse(null);
        if (job == null) {
            job = create(kind, name);
        }
        if (job.status() == Status.CREATED) {
            upload(job, ids);
        }
        job = await(job, deadline);
        if (job.status() == Status.FAILED || job.status() == Status.EXPIRED) {
            throw new IOException("X compliance job " + job.id() + " (" + name + ") ended " + job.status().name().toLowerCase(Locale.ROOT)
                    + "; the next run creates a new one");
        }
        return new Outcome(job, job.status() == Status.COMPLETE ? download(job) : List.of());
    }

    private boolean usable(Job job) {
        if (job.status() == Status.FAILED || job.status() == Status.EXPIRED) {
            return false;
        }
        return job.status() != Status.CREATED || job.uploadExpiresAt() == null || job.uploadExpiresAt().isAfter(clock.instant());
    }

    /** The newest job of {@code kind} named {@code name} that X lists, or empty. */
    public Optional<Job> find(ComplianceKind kind, String name) throws IOException, InterruptedException {
        JsonNode answer = api(HttpRequest.newBuilder(baseUrl.resolve(JOBS_PATH + "?type=" + kind.jobType())).GET(),
                "list the compliance jobs");
        List<Job> named = new ArrayList<>();
        for (JsonNode j : answer.path("data")) {
            if (name.equals(j.path("name").asText(null))) {
                named.add(job(j));
            }
        }
        return named.stream().max(Comparator.comparing(Job::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    /** Creates a job; X answers its signed upload and download URLs. */
    public Job create(ComplianceKind kind, String name) throws IOException, InterruptedException {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a compliance job name has 1 to " + MAX_NAME_LENGTH + " characters: \"" + name + "\"");
        }
        ObjectNode body = MAPPER.createObjectNode().put("type", kind.jobType()).put("name", name);
        JsonNode answer = api(HttpRequest.newBuilder(baseUrl.resolve(JOBS_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())), "create a compliance job");
        return job(answer.path("data"));
    }

    /** The job's current state. */
    public Job get(String id) throws IOException, InterruptedException {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a compliance job id: \"" + id + "\"");
        }
        return job(api(HttpRequest.newBuilder(baseUrl.resolve(JOBS_PATH + "/" + id)).GET(), "read compliance job " + id).path("data"));
    }

    /** Puts the ids, one per line, to the job's signed upload URL. */
    public void upload(Job job, List<String> ids) throws IOException, InterruptedException {
        checkIds(ids);
        String body = ids.isEmpty() ? "" : String.join("\n", ids) + "\n";
        HttpResponse<String> response = send(HttpRequest.newBuilder(job.uploadUrl())
                .header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)), "upload the ids of job " + job.id());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("X's upload URL for compliance job " + job.id() + " answered HTTP " + response.statusCode()
                    + ": " + XErrorText.of(response.body()));
        }
    }

    /**
     * Checks the job until it is done or {@code deadline} comes, waiting {@link #FIRST_POLL},
     * then twice as long each time up to {@link #MAX_POLL}, never past the deadline. Returns the
     * last state seen.
     */
    public Job await(Job job, Instant deadline) throws IOException, InterruptedException {
        Duration wait = FIRST_POLL;
        Job current = job;
        while (!current.status().done()) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (left.compareTo(wait) < 0) {
                return current;
            }
            sleeper.sleep(wait);
            current = get(current.id());
            wait = wait.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : wait.multipliedBy(2);
        }
        return current;
    }

    /** The result of a complete job: its non-blank lines, each a JSON object for one id. */
    public List<String> download(Job job) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(job.downloadUrl()).GET(), "download the result of job " + job.id());
        if (response.statusCode() != 200) {
            throw new IOException("X's download URL for compliance job " + job.id() + " answered HTTP " + response.statusCode()
                    + ": " + XErrorText.of(response.body()));
        }
        return response.body().lines().filter(l -> !l.isBlank()).toList();
    }

    /** A request to api.x.com with the bearer token; a 401 reads the credentials again and tries once more. */
    private JsonNode api(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request.copy().header("Authorization", "Bearer " + credentials.current().bearerToken()), what);
        if (response.statusCode() == 401) {
            response = send(request.header("Authorization", "Bearer " + credentials.refresh().bearerToken()), what);
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new XRefused("X refused to " + what + " (HTTP " + response.statusCode() + "): " + XErrorText.of(response.body())
                    + "; batch compliance needs the app's bearer token (OAuth 2.0 App-only)");
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("X answered HTTP " + response.statusCode() + " when asked to " + what + ": " + XErrorText.of(response.body()));
        }
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IOException("X's answer when asked to " + what + " is not JSON: " + XErrorText.of(response.body()));
        }
    }

    /** Sends with a bound on the whole exchange, body included: a server that hangs or trickles is given up. */
    private HttpResponse<String> send(HttpRequest.Builder request, String what) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<String>> answer = http.sendAsync(request.timeout(requestTimeout).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        try {
            return answer.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException("could not " + what + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IOException("X did not answer within " + requestTimeout.toMillis() + " ms when asked to " + what);
        } finally {
            answer.cancel(true);
        }
    }

    private static Job job(JsonNode j) throws IOException {
        String id = j.path("id").asText("");
        if (!ID.matcher(id).matches()) {
            throw new IOException("X's compliance job answer has no job id: " + XErrorText.of(j.toString()));
        }
        ComplianceKind kind = "users".equals(j.path("type").asText()) ? ComplianceKind.USERS : ComplianceKind.TWEETS;
        return new Job(id, kind, j.path("name").asText(null), Status.of(j.path("status").asText("")),
                uri(j, "upload_url"), uri(j, "download_url"), instant(j, "created_at"), instant(j, "upload_expires_at"));
    }

    private static URI uri(JsonNode j, String field) throws IOException {
        String text = j.path(field).asText("");
        try {
            URI uri = URI.create(text);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException(text);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IOException("X's compliance job " + j.path("id").asText() + " has no usable " + field);
        }
    }

    private static Instant instant(JsonNode j, String field) {
        try {
            return j.hasNonNull(field) ? Instant.parse(j.get(field).asText()) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void checkIds(List<String> ids) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null || !ID.matcher(ids.get(i)).matches()) {
                throw new IllegalArgumentException("id " + (i + 1) + " of " + ids.size() + " is not an X id (1 to 19 digits): \""
                        + ids.get(i) + "\"");
            }
        }
    }
}
