package io.twt.bench.forwarder;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal Firehose on loopback for the benchmark: accepts every PutRecordBatch record, counting
 * them by the {@code "Data"} keys in the request body.
 */
final class LoopbackFirehose implements AutoCloseable {

    private static final byte[] DATA_KEY = "\"Data\"".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    LoopbackFirehose() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            int n;
            try (InputStream in = exchange.getRequestBody()) {
                n = countDataKeys(in.readAllBytes());
            }
            calls.incrementAndGet();
            records.addAndGet(n);
            StringBuilder body = new StringBuilder(40 + 20 * n).append("{\"FailedPutCount\":0,\"Encrypted\":false,\"RequestResponses\":[");
            for (int i = 0; i < n; i++) {
                body.append(i == 0 ? "" : ",").append("{\"RecordId\":\"r").append(i).append("\"}");
            }
            byte[] out = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        });
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public long records() {
        return records.get();
    }

    public long calls() {
        return calls.get();
    }

    private static int countDataKeys(byte[] body) {
        int n = 0;
        outer:
        for (int i = 0; i <= body.length - DATA_KEY.length; i++) {
            for (int j = 0; j < DATA_KEY.length; j++) {
                if (body[i + j] != DATA_KEY[j]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
