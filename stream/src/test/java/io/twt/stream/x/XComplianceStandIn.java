package io.twt.stream.x;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * X's batch compliance endpoints on loopback, behaving like X: jobs are created with signed
 * upload and download URLs (here on the same server, under /upload/ and /download/), a job is
 * in_progress once its ids are uploaded and complete after {@link #statusChecksToComplete} status
 * checks (or {@link #statusAfterChecks}), and its result lists, one JSON object per line, only the uploaded ids that have an
 * event in {@link #events}. {@link #fault} makes the next request to a path misbehave.
 */
public final class XComplianceStandIn implements AutoCloseable {

    /** A request as received. */
    public record Received(String method, String path, String authorization, String contentType, String body) {}

    /** A misbehaviour for the next request to a path. */
    public enum Fault { HANG, TRICKLE_FOREVER, ONE_BYTE_AT_A_TIME, HTTP_401, HTTP_403, HTTP_503 }

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<String, ObjectNode> jobs = new LinkedHashMap<>();
    private final Map<String, List<String>> uploaded = new LinkedHashMap<>();
    private final Map<String, Integer> checks = new LinkedHashMap<>();
    private final Map<String, Fault> faults = Collections.synchronizedMap(new LinkedHashMap<>());
    public final List<Received> requests = Collections.synchronizedList(new ArrayList<>());
    /** id → the result line X would give for it. */
    public final Map<String, String> events = Collections.synchronizedMap(new LinkedHashMap<>());
    public volatile int statusChecksToComplete = 2;
    /** What a job becomes after {@link #statusChecksToComplete} checks: complete, or failed. */
    public volatile String statusAfterChecks = "complete";
    public volatile Instant now = Instant.parse("2026-03-14T12:00:00Z");
    private long nextJob = 1_500_000_000_000_000_001L;

    public XComplianceStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next request whose path starts with {@code pathPrefix} misbehaves so. */
    public void fault(String pathPrefix, Fault fault) {
        faults.put(pathPrefix, fault);
    }

    /** Sets a job's status as X would after some time (failed, expired…). */
    public synchronized void setStatus(String jobId, String status) {
        jobs.get(jobId).put("status", status);
    }

    public synchronized void setUploadExpiry(String jobId, Instant expiry) {
        jobs.get(jobId).put("upload_expires_at", expiry.toString());
    }

    public List<Received> requests(String method, String pathPrefix) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).toList();
        }
    }

    /** A result line like X's for a deleted post. */
    public static String deleted(String id) {
        return "{\"id\":\"" + id + "\",\"action\":\"delete\",\"created_at\":\"2026-03-01T12:00:00.000Z\","
                + "\"redacted_at\":\"2026-03-10T08:00:00.000Z\",\"reason\":\"deleted\"}";
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().toString();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), body));
        try {
            Fault fault = takeFault(path);
            if (fault != null) {
                misbehave(exchange, fault);
                return;
            }
            String method = exchange.getRequestMethod();
            if (method.equals("POST") && path.equals(XComplianceJobs.JOBS_PATH)) {
                respond(exchange, 200, mapper.createObjectNode().set("data", create(mapper.readTree(body))).toString());
            } else if (method.equals("GET") && path.startsWith(XComplianceJobs.JOBS_PATH + "?type=")) {
                respond(exchange, 200, list(path.substring(path.indexOf('=') + 1)));
            } else if (method.equals("GET") && path.startsWith(XComplianceJobs.JOBS_PATH + "/")) {
                ObjectNode job = check(path.substring(XComplianceJobs.JOBS_PATH.length() + 1));
                respond(exchange, job == null ? 404 : 200, job == null ? "{\"title\":\"Not Found Error\"}"
                        : mapper.createObjectNode().set("data", job).toString());
            } else if (method.equals("PUT") && path.startsWith("/upload/")) {
                upload(path.substring("/upload/".length()), body);
                respond(exchange, 200, "");
            } else if (method.equals("GET") && path.startsWith("/download/")) {
                respond(exchange, 200, result(path.substring("/download/".length())));
            } else {
                respond(exchange, 404, "{\"title\":\"no such endpoint in the stand-in\"}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    private Fault takeFault(String path) {
        synchronized (faults) {
            for (String prefix : faults.keySet()) {
                if (path.startsWith(prefix)) {
                    return faults.remove(prefix);
                }
            }
        }
        return null;
    }

    private synchronized ObjectNode create(com.fasterxml.jackson.databind.JsonNode request) {
        String id = Long.toString(nextJob++);
        ObjectNode job = mapper.createObjectNode()
                .put("id", id)
                .put("type", request.path("type").asText())
                .put("name", request.path("name").asText())
                .put("status", "created")
                .put("upload_url", baseUrl() + "/upload/" + id + "?X-Goog-Signature=signed")
                .put("download_url", baseUrl() + "/download/" + id + "?X-Goog-Signature=signed")
                .put("created_at", now.plusSeconds(jobs.size()).toString())
                .put("upload_expires_at", now.plusSeconds(900).toString())
                .put("download_expires_at", now.plusSeconds(7 * 86_400).toString());
        jobs.put(id, job);
        return job.deepCopy();
    }

    private synchronized String list(String type) {
        ArrayNode data = mapper.createArrayNode();
        jobs.values().stream().filter(j -> j.path("type").asText().equals(type)).forEach(j -> data.add(j.deepCopy()));
        return mapper.createObjectNode().set("data", data).toString();
    }

    private synchronized ObjectNode check(String id) {
        ObjectNode job = jobs.get(id);
        if (job == null) {
            return null;
        }
        if (job.path("status").asText().equals("in_progress") && checks.merge(id, 1, Integer::sum) >= statusChecksToComplete) {
            job.put("status", statusAfterChecks);
        }
        return job.deepCopy();
    }

    private synchronized void upload(String idAndQuery, String body) {
        String id = idAndQuery.substring(0, idAndQuery.indexOf('?'));
        uploaded.put(id, body.lines().filter(l -> !l.isBlank()).toList());
        jobs.get(id).put("status", "in_progress");
    }

    private synchronized String result(String idAndQuery) {
        String id = idAndQuery.substring(0, idAndQuery.indexOf('?'));
        StringBuilder out = new StringBuilder();
        for (String uploadedId : uploaded.getOrDefault(id, List.of())) {
            String line = events.get(uploadedId);
            if (line != null) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private void misbehave(HttpExchange exchange, Fault fault) throws IOException, InterruptedException {
        switch (fault) {
            case HANG -> closed.await();
            case HTTP_401 -> respond(exchange, 401, "{\"title\":\"Unauthorized\",\"detail\":\"Unauthorized\"}");
            case HTTP_403 -> respond(exchange, 403, "{\"title\":\"Forbidden\",\"detail\":\"client-not-enrolled\"}");
            case HTTP_503 -> respond(exchange, 503, "{\"title\":\"Service Unavailable\"}");
            case TRICKLE_FOREVER -> {
                exchange.sendResponseHeaders(200, 0);
                OutputStream out = exchange.getResponseBody();
                try {
                    while (closed.getCount() > 0) {
                        out.write('{');
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (IOException gone) {
                    // the client gave up
                }
            }
            case ONE_BYTE_AT_A_TIME -> {
                String path = exchange.getRequestURI().toString();
                byte[] whole = result(path.substring("/download/".length())).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, whole.length);
                OutputStream out = exchange.getResponseBody();
                for (byte b : whole) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(1);
                }
            }
        }
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
