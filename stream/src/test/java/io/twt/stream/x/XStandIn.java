package io.twt.stream.x;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The X API v2 on loopback: the stream endpoint plays one scripted step per connection; the
 * rules endpoint plays its scripted steps first, then keeps a rule list like X does; the
 * connections endpoint plays its scripted steps first, then answers like X's
 * {@code DELETE /2/connections/all}; the usage endpoint plays its scripted steps.
 */
public final class XStandIn implements AutoCloseable {

    /** One connection's behaviour. */
    public interface Step {
        void serve(HttpExchange exchange) throws IOException, InterruptedException;
    }

    /** A request as received: method, path with query, Authorization header, body. */
    public record Received(String method, String uri, String authorization, String body) {}

    private final ObjectMapper mapper = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Deque<Step> script = new ArrayDeque<>();
    private final Deque<Step> rulesScript = new ArrayDeque<>();
    private final Deque<Step> connectionsScript = new ArrayDeque<>();
    private final Deque<Step> usageScript = new ArrayDeque<>();
    private final CountDownLatch released = new CountDownLatch(1);
    public final List<Received> streamRequests = Collections.synchronizedList(new ArrayList<>());
    public final List<Received> rulesRequests = Collections.synchronizedList(new ArrayList<>());
    final List<Received> connectionsRequests = Collections.synchronizedList(new ArrayList<>());
    public final List<Received> usageRequests = Collections.synchronizedList(new ArrayList<>());
    final ArrayNode rules = mapper.createArrayNode();
    private int nextRuleId = 100;

    public XStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/2/tweets/search/stream/rules", this::rules);
        server.createContext("/2/tweets/search/stream", exchange -> {
            streamRequests.add(received(exchange));
            play(exchange, script, answer(500, null, null, "{\"title\":\"no more scripted connections\"}"));
        });
        server.createContext("/2/connections", exchange -> {
            connectionsRequests.add(received(exchange));
            play(exchange, connectionsScript, answer(200, null, null, "{\"data\":{\"killed_connections\":true}}"));
        });
        server.createContext("/2/usage/tweets", exchange -> {
            usageRequests.add(received(exchange));
            play(exchange, usageScript, answer(503, null, null, "{\"title\":\"no scripted usage answer\"}"));
        });
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void then(Step step) {
        synchronized (script) {
            script.add(step);
        }
    }

    /** The connections endpoint's next answer; once the scripted ones are used up it answers 200. */
    void thenConnections(Step step) {
        synchronized (connectionsScript) {
            connectionsScript.add(step);
        }
    }

    /** The usage endpoint's next answer; unscripted, it answers 503. */
    public void thenUsage(Step step) {
        synchronized (usageScript) {
            usageScript.add(step);
        }
    }

    private static void play(HttpExchange exchange, Deque<Step> steps, Step otherwise) throws IOException {
        Step step;
        synchronized (steps) {
            step = steps.poll();
        }
        try {
            (step == null ? otherwise : step).serve(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /** The rules endpoint's next answer; once the scripted ones are used up it answers like X. */
    public void thenRules(Step step) {
        synchronized (rulesScript) {
            rulesScript.add(step);
        }
    }

    /** A step that drops the connection without an answer. */
    static Step dropConnection() {
        return exchange -> exchange.getResponseBody().close();
    }

    /** A step that streams the given pieces, flushing each, then ends the response. */
    static Step stream(String... pieces) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String p : pieces) {
                out.write(p.getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(20);
            }
        };
    }

    /** A step that promises a long answer, sends {@code piece} and then breaks the connection. */
    static Step streamThenBreak(String piece) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            OutputStream out = exchange.getResponseBody();
            out.write(piece.getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.close(); // short of the length: the server drops the connection
        };
    }

    /** Like {@link #stream} but then keeps the connection open, silent, until the server closes. */
    Step streamThenHang(String... pieces) {
        Step stream = stream(pieces);
        return exchange -> {
            stream.serve(exchange);
            released.await();
        };
    }

    /** A step that reads the request and never answers, until the server closes. */
    Step hang() {
        return exchange -> released.await();
    }

    /**
     * A step that answers 200 and then one byte every 50 ms, never ending the answer; once the
     * client has gone away (a write fails) it counts {@code gone} down.
     */
    static Step trickle(CountDownLatch gone) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                while (true) {
                    out.write('{');
                    out.flush();
                    Thread.sleep(50);
                }
            } catch (IOException e) {
                gone.countDown();
            }
        };
    }

    /**
     * A step that streams {@code pieces}, then a keep-alive every 50 ms until the client has gone
     * away (a write fails), when it counts {@code gone} down.
     */
    public static Step streamUntilGone(CountDownLatch gone, String... pieces) {
        return exchange -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (String p : pieces) {
                    out.write(p.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
                while (true) {
                    Thread.sleep(50);
                    out.write("\r\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                gone.countDown();
            }
        };
    }

    static Step status(int code, String header, String value) {
        return answer(code, header, value, "{\"title\":\"error " + code + "\"}");
    }

    /** A step that answers {@code code} with {@code body}, and a header when {@code header} is not null. */
    public static Step answer(int code, String header, String value, String body) {
        return exchange -> {
            if (header != null) {
                exchange.getResponseHeaders().set(header, value);
            }
            respond(exchange, code, body);
        };
    }

    private void rules(HttpExchange exchange) throws IOException {
        Received r = received(exchange);
        rulesRequests.add(r);
        Step scripted;
        synchronized (rulesScript) {
            scripted = rulesScript.poll();
        }
        if (scripted != null) {
            try {
                scripted.serve(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
            return;
        }
        ObjectNode answer = mapper.createObjectNode();
        synchronized (rules) {
            if (r.method().equals("GET")) {
                if (!rules.isEmpty()) {
                    answer.set("data", rules.deepCopy());
                }
                answer.putObject("meta").put("result_count", rules.size());
            } else {
                JsonNode body = mapper.readTree(r.body());
                int created = 0;
                for (JsonNode add : body.path("add")) {
                    rules.addObject().put("id", Integer.toString(nextRuleId++)).put("value", add.path("value").asText())
                            .put("tag", add.path("tag").asText());
                    created++;
                }
                int deleted = 0;
                for (JsonNode id : body.path("delete").path("ids")) {
                    for (int i = 0; i < rules.size(); i++) {
                        if (rules.get(i).path("id").asText().equals(id.asText())) {
                            rules.remove(i);
                            deleted++;
                            break;
                        }
                    }
                }
                answer.putObject("meta").putObject("summary").put("created", created).put("not_created", 0)
                        .put("deleted", deleted).put("not_deleted", 0);
            }
        }
        respond(exchange, 200, answer.toString());
        exchange.close();
    }

    private static Received received(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                exchange.getRequestHeaders().getFirst("Authorization"), body);
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
