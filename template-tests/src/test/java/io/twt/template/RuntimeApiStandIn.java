package io.twt.template;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A loopback stand-in for the Lambda Runtime API (version 2018-06-01) that a runtime client polls:
 * it hands out the events given to {@link #submit}, one per {@code /invocation/next}, with Lambda's
 * headers (request id, deadline, invoked function ARN, trace id), and collects what the client
 * posts back: the response, the error of an invocation, or an init error ("Using the Lambda
 * runtime API for custom runtimes", https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html).
 * Under SnapStart the Java runtime client also asks {@code /restore/next} once its init is done (its
 * {@code AWSLambda.onInitComplete}; the page does not list it): that answers at once, as a restore
 * right after the snapshot.
 */
final class RuntimeApiStandIn implements AutoCloseable {

    static final String PREFIX = "/2018-06-01/runtime/";

    /** What the client posted back: an invocation's response or error, or an init error (no request id). */
    record Outcome(Kind kind, String body, String errorType) {
        enum Kind { RESPONSE, ERROR, INIT_ERROR }
    }

    private record Invocation(String requestId, String event, long deadlineMs, String functionArn) {
    }

    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();
    private final CompletableFuture<Outcome> initError = new CompletableFuture<>();
    private final LoopbackServer server = new LoopbackServer("runtime-api", this::answer);
    private volatile boolean closed;

    String hostAndPort() {
        return server.hostAndPort();
    }

    /** Queues an event; the future completes with what the client posts for it, or with an init error. */
    CompletableFuture<Outcome> submit(String event, Duration timeout, String functionArn) {
        String requestId = UUID.randomUUID().toString();
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        outcomes.put(requestId, outcome);
        pending.add(new Invocation(requestId, event, System.currentTimeMillis() + timeout.toMillis(), functionArn));
        return outcome.applyToEither(initError, result -> result);
    }

    private LoopbackServer.Response answer(LoopbackServer.Request request) throws InterruptedException {
        String path = request.path();
        if (!path.startsWith(PREFIX)) {
            return LoopbackServer.Response.of(404);
        }
        String route = path.substring(PREFIX.length());
        if (request.method().equals("GET") && route.equals("invocation/next")) {
            return next();
        }
        if (request.method().equals("GET") && route.equals("restore/next")) {
            return LoopbackServer.Response.of(200);
        }
        if (request.method().equals("POST") && route.equals("init/error")) {
            initError.complete(new Outcome(Outcome.Kind.INIT_ERROR, request.text(), request.header("Lambda-Runtime-Function-Error-Type")));
            return LoopbackServer.Response.of(202);
        }
        if (request.method().equals("POST") && route.startsWith("invocation/")) {
            String[] parts = route.split("/");
            CompletableFuture<Outcome> outcome = parts.length == 3 ? outcomes.get(parts[1]) : null;
            if (outcome == null) {
                return LoopbackServer.Response.of(400);
            }
            if (parts[2].equals("response")) {
                outcome.complete(new Outcome(Outcome.Kind.RESPONSE, request.text(), null));
                return LoopbackServer.Response.of(202);
            }
            if (parts[2].equals("error")) {
                outcome.complete(new Outcome(Outcome.Kind.ERROR, request.text(), request.header("Lambda-Runtime-Function-Error-Type")));
                return LoopbackServer.Response.of(202);
            }
        }
        return LoopbackServer.Response.of(404);
    }

    /** Long-polls as Lambda does: the client's request waits until there is an event. */
    private LoopbackServer.Response next() throws InterruptedException {
        while (!closed) {
            Invocation invocation = pending.poll(200, TimeUnit.MILLISECONDS);
            if (invocation != null) {
                return new LoopbackServer.Response(200, Map.of(
                        "Content-Type", "application/json",
                        "Lambda-Runtime-Aws-Request-Id", invocation.requestId(),
                        "Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMs()),
                        "Lambda-Runtime-Invoked-Function-Arn", invocation.functionArn(),
                        "Lambda-Runtime-Trace-Id", "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1"),
                        invocation.event().getBytes(StandardCharsets.UTF_8));
            }
        }
        return LoopbackServer.Response.of(503);
    }

    @Override
    public void close() {
        closed = true;
        server.close();
    }
}
