package io.twt.template;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback S3 (path-style, as the functions address it when {@code S3_ENDPOINT_URL} is set)
 * holding objects in memory: GET, HEAD, PUT and DELETE of objects, and S3's NoSuchKey error.
 * Uploads the SDK streams with {@code aws-chunked} encoding are stored decoded. It records every
 * request, for the tests to check how each was signed.
 */
final class S3StandIn implements AutoCloseable {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final LoopbackServer server = new LoopbackServer("s3", this::answer);

    String url() {
        return server.url();
    }

    void put(String bucket, String key, byte[] content) {
        objects.put(bucket + "/" + key, content);
    }

    /** The object's content, or null. */
    byte[] get(String bucket, String key) {
        return objects.get(bucket + "/" + key);
    }

    List<LoopbackServer.Request> requests() {
        return server.requests();
    }

    private LoopbackServer.Response answer(LoopbackServer.Request request) {
        String object = request.path().substring(1);
        byte[] content = objects.get(object);
        switch (request.method()) {
            case "GET", "HEAD" -> {
                if (content == null) {
                    String key = object.substring(object.indexOf('/') + 1);
                    return LoopbackServer.Response.json(404, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                            + "<Message>The specified key does not exist.</Message><Key>" + key + "</Key></Error>", "application/xml");
                }
                return new LoopbackServer.Response(200, Map.of("Content-Type", "application/octet-stream", "ETag", "\"0123\"",
                        "Content-Length", Integer.toString(content.length)), content);
            }
            case "PUT" -> {
                objects.put(object, decoded(request));
                return new LoopbackServer.Response(200, Map.of("ETag", "\"0123\""), new byte[0]);
            }
            case "DELETE" -> {
                objects.remove(object);
                return LoopbackServer.Response.of(204);
            }
            default -> {
                return LoopbackServer.Response.of(405);
            }
        }
    }

    /** The body, without the aws-chunked framing ({@code <hex size>;chunk-signature=…\r\n<data>\r\n} up to a size 0). */
    private static byte[] decoded(LoopbackServer.Request request) {
        if (request.header("x-amz-decoded-content-length") == null) {
            return request.body();
        }
        byte[] body = request.body();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOfCrlf(body, at);
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? header.strip() : header.substring(0, semicolon), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("aws-chunked body without a chunk header end");
    }

    @Override
    public void close() {
        server.close();
    }
}
