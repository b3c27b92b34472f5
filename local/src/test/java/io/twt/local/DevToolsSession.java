package io.twt.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A headless Chromium and one page of it, driven over the DevTools protocol with the JDK's
 * WebSocket client. Every event the page sends is kept, in order. {@link #close()} kills
 * Chromium and every process it started.
 */
final class DevToolsSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("twt.chromium", "/usr/bin/chromium"));
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Every event received: method and params. */
    final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private DevToolsSession(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** Starts Chromium on about:blank with a fresh profile and connects to its page. */
    static DevToolsSession start() throws Exception {
        Path profile = Files.createTempDirectory("twt-chromium-");
        Process process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--window-size=1280,1400", "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(profile.resolve("chromium.log").toFile()))
                .start();
        try {
            // Chromium writes the port it chose (and the browser's path) into DevToolsActivePort.
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!Files.isRegularFile(portFile) || Files.readAllLines(portFile).size() < 2) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium wrote no " + portFile + (process.isAlive() ? "" : " (it exited "
                            + process.exitValue() + ")") + "; its output: " + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(50);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).strip());
            HttpClient http = HttpClient.newHttpClient();
            String pageSocket = null;
            while (pageSocket == null) {
                JsonNode targets = MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body());
                for (JsonNode t : targets) {
                    if ("page".equals(t.path("type").asText())) {
                        pageSocket = t.get("webSocketDebuggerUrl").asText();
                    }
                }
                if (pageSocket == null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Chromium shows no page target: " + targets);
                    }
                    Thread.sleep(50);
                }
            }
            DevToolsSession[] session = new DevToolsSession[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        String message = text.toString();
                        text.setLength(0);
                        while (session[0] == null) {
                            Thread.onSpinWait();
                        }
                        session[0].received(message);
                    }
                    ws.request(1);
                    return null;
                }
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            session[0] = new DevToolsSession(process, profile, socket);
            return session[0];
        } catch (Exception | Error e) {
            kill(process);
            throw e;
        }
    }

    private void received(String message) {
        try {
            JsonNode m = MAPPER.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            } else {
                events.add(m);
            }
        } catch (IOException e) {
            throw new IllegalStateException("not JSON from Chromium: " + message, e);
        }
    }

    /** Sends {@code method} with {@code params} and returns its result; an error reply fails. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode message = MAPPER.createObjectNode().put("id", id).put("method", method);
        message.set("params", MAPPER.valueToTree(params));
        socket.sendText(MAPPER.writeValueAsString(message), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode m = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (m.has("error")) {
            throw new IllegalStateException(method + " failed: " + m.get("error"));
        }
        return m.get("result");
    }

    /** Evaluates {@code expression} in the page and returns its value (JSON-serialisable). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("the page threw on " + expression + ": " + r.get("exceptionDetails"));
        }
        return r.get("result").get("value");
    }

    /** Waits for the first event with this method whose params {@code test} accepts. */
    JsonNode await(String method, Predicate<JsonNode> test) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : events) {
                if (method.equals(e.path("method").asText()) && test.test(e.path("params"))) {
                    return e;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no " + method + " within " + WAIT + "; events: " + methods());
    }

    /** The events with this method, their params. */
    List<JsonNode> events(String method) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events) {
            if (method.equals(e.path("method").asText())) {
                out.add(e.path("params"));
            }
        }
        return out;
    }

    private List<String> methods() {
        List<String> out = new ArrayList<>();
        events.forEach(e -> out.add(e.path("method").asText()));
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        kill(process);
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Chromium and its helpers (zygote, renderer, GPU and network processes), by handle. */
    private static void kill(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        process.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
