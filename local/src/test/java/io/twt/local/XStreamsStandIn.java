package io.twt.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * X on loopback, as much as twt local needs: the v2 rules endpoint (no rules yet, every add
 * created, or a fixed refusal), the v2 filtered stream and the v1.1 statuses/filter stream. Each
 * stream connection gets the given lines, then stays open and silent until the server closes.
 */
final class XStreamsStandIn implements AutoCloseable {

    /** A request as received: "METHOD path", the Authorization header and the (URL-decoded) body. */
    record Received(String request, String authorization, String body) {}

    final List<Received> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final List<String> lines;
    private volatile int rulesStatus = 200;
    private volatile String rulesRefusal;

    XStreamsStandIn(List<String> lines) throws IOException {
        this.lines = lines;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/2/tweets/search/stream/rules", this::rules);
        server.createContext("/2/tweets/search/stream", this::stream);
        server.createContext("/1.1/statuses/filter.json", this::stream);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The rules endpoint answers {@code status} with {@code body} from now on. */
    void refuseRules(int status, String body) {
        rulesRefusal = body;
        rulesStatus = status;
    }

    private void rules(HttpExchange exchange) throws IOException {
        Received r = received(exchange);
        requests.add(r);
        String answer = rulesStatus != 200 ? rulesRefusal
                : r.request().startsWith("GET") ? "{\"meta\":{\"result_count\":0}}"
                : "{\"meta\":{\"summary\":{\"created\":1,\"not_created\":0}}}";
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(rulesStatus, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void stream(HttpExchange exchange) throws IOException {
        requests.add(received(exchange));
        try {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            for (String line : lines) {
                out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client hung up
        } finally {
            exchange.close();
        }
    }

    private static Received received(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        return new Received(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"), URLDecoder.decode(body, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
