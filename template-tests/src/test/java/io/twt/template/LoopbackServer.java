package io.twt.template;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK {@link HttpServer} on 127.0.0.1 that records every request and answers it through a
 * handler: what the stand-ins for Lambda's and AWS's endpoints have in common. Requests are
 * handled on a pool of threads, so one that waits (the Runtime API's next invocation) does not
 * hold up the others.
 */
final class LoopbackServer implements AutoCloseable {

    /** One request as it arrived: header names in lower case, the body read whole. */
    record Request(String method, URI uri, Map<String, List<String>> headers, byte[] body) {

        String path() {
            return uri.getPath();
        }

        /** The first value of a header, or null. */
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            // Never the headers: they carry the signature and the session token.
            return method + " " + uri.getRawPath();
        }
    }

    record Response(int status, Map<String, String> headers, byte[] body) {

        static Response of(int status) {
            return new Response(status, Map.of(), new byte[0]);
        }

        static Response json(int status, String json, String contentType) {
            return new Response(status, Map.of("Content-Type", contentType), json.getBytes(StandardCharsets.UTF_8));
        }
    }

    @FunctionalInterface
    interface Handler {
        Response answer(Request request) throws Exception;
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads;
    private final List<Request> requests = new ArrayList<>();

    LoopbackServer(String name, Handler handler) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for " + name, e);
        }
        threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, handler));
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} */
    String url() {
        return "http://" + hostAndPort();
    }

    String hostAndPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI(), headers,
                    exchange.getRequestBody().readAllBytes());
            synchronized (this) {
                requests.add(request);
            }
            Response response;
            try {
                response = handler.answer(request);
            } catch (Exception e) {
                response = Response.json(500, "{\"message\":\"" + name + " stand-in failed: " + e.getClass().getSimpleName() + "\"}",
                        "application/json");
            }
            response.headers().forEach((key, value) -> exchange.getResponseHeaders().set(key, value));
            boolean noBody = response.body().length == 0 || request.method().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
