package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.twt.core.trim.InputFormat;
import io.twt.core.trim.Trimmer;
import io.twt.stream.RecordingLines;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class V1StreamSourceIT {

    @Test
    void followsTheFilterStreamWithOAuth1TrackTermsAndStallWarningsCountsADisconnectAndClosesTheStreamOnStop() throws Exception {
        List<String> sample = Files.readAllLines(Path.of("../events/sample-stream.ndjson"));
        String status1 = sample.get(7);
        String status2 = sample.get(8);
        String delete = sample.get(60);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> authorizations = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch gone = new CountDownLatch(1);
        AtomicInteger connections = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/1.1/statuses/filter.json", exchange -> {
            bodies.add(exchange.getRequestMethod() + " " + URLDecoder.decode(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), StandardCharsets.UTF_8));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write((status1 + "\r\n" + delete + "\r\n" + status2 + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (connections.incrementAndGet() > 1) {
                // keep-alives until the client goes away (a write fails) or the server stops
                try {
                    while (release.getCount() > 0) {
                        Thread.sleep(50);
                        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (IOException e) {
                    gone.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.close();
        });
        server.start();
        RecordingLines lines = new RecordingLines(new Trimmer(InputFormat.AUTO));
        V1StreamSource source = new V1StreamSource(new XCredentials(null, "ck", "cs", "at", "ats"),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/1.1/"), List.of("$ATOM", "$UOS"),
                lines, lines);
        Thread thread = new Thread(() -> {
            try {
                source.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            thread.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (lines.posts.sum() < 4 && thread.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            source.stop();
            thread.join(2000);

            assertThat(lines.posts.sum()).isEqualTo(4);
            assertThat(lines.notices.sum()).as("the delete notice, once per connection").isEqualTo(2);
            assertThat(lines.control.sum()).isZero();
            assertThat(lines.reconnects("v1_disconnect")).isEqualTo(1);
            assertThat(gone.await(2, TimeUnit.SECONDS)).as("the stream is closed after stop()").isTrue();
            assertThat(new String(lines.poll(), StandardCharsets.UTF_8))
                    .isEqualTo(new Trimmer(InputFormat.AUTO).trim(status1).jsonString() + "\n");
            assertThat(bodies.get(0)).startsWith("POST").contains("track=$ATOM,$UOS").contains("stall_warnings=true");
            assertThat(authorizations.get(0)).startsWith("OAuth ").contains("oauth_consumer_key=\"ck\"")
                    .contains("oauth_token=\"at\"").contains("oauth_signature=");
            assertThat(thread.isAlive()).isFalse();
        } finally {
            release.countDown();
            server.stop(0);
        }
    }
}
