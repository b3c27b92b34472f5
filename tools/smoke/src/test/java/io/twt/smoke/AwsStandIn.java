package io.twt.smoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * CloudFormation's DescribeStacks (query protocol: a form POST answered in XML) and Lambda's Invoke
 * (REST: POST /2015-03-31/functions/NAME/invocations?Qualifier=ALIAS) on one loopback port.
 */
final class AwsStandIn implements AutoCloseable {

    /** What one invocation answers: the payload and, when it failed, X-Amz-Function-Error. */
    record Answer(String payload, String functionError) {
    }

    /** An invocation as it arrived: the path, the query and the body. */
    record Invocation(String path, String query, String payload) {
    }

    private final HttpServer server;
    private final Map<String, Map<String, String>> stacks = new LinkedHashMap<>();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
    private volatile Answer answer = new Answer("\"refresh: done\"", null);

    AwsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::cloudFormation);
        server.createContext("/2015-03-31/functions/", this::lambda);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A stack in CREATE_COMPLETE with these outputs. */
    void stack(String name, Map<String, String> outputs) {
        stacks.put(name, outputs);
    }

    void answerInvocationsWith(Answer next) {
        answer = next;
    }

    List<Invocation> invocations() {
        return invocations;
    }

    private void cloudFormation(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"DescribeStacks".equals(form.get("Action"))) {
            respond(exchange, 400, error("InvalidAction", "the stand-in answers DescribeStacks only, not " + form.get("Action")));
            return;
        }
        String name = form.get("StackName");
        Map<String, String> outputs = stacks.get(name);
        if (outputs == null) {
            respond(exchange, 400, error("ValidationError", "Stack with id " + name + " does not exist"));
            return;
        }
        StringBuilder members = new StringBuilder();
        outputs.forEach((key, value) -> members.append("<member><OutputKey>").append(key).append("</OutputKey><OutputValue>")
                .append(value).append("</OutputValue></member>"));
        respond(exchange, 200, "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                + "<DescribeStacksResult><Stacks><member><StackName>" + name + "</StackName>"
                + "<StackId>arn:aws:cloudformation:us-east-1:123456789012:stack/" + name + "/0f8e6c10-0000-4000-8000-000000000000</StackId>"
                + "<CreationTime>2026-01-01T00:00:00Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus>"
                + "<Outputs>" + members + "</Outputs></member></Stacks></DescribeStacksResult>"
                + "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></DescribeStacksResponse>");
    }

    private void lambda(HttpExchange exchange) throws IOException {
        invocations.add(new Invocation(exchange.getRequestURI().getPath(), exchange.getRequestURI().getQuery(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        Answer now = answer;
        if (now.functionError() != null) {
            exchange.getResponseHeaders().add("X-Amz-Function-Error", now.functionError());
        }
        exchange.getResponseHeaders().add("X-Amz-Executed-Version", "7");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        byte[] body = now.payload().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static String error(String code, String message) {
        return "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>fake</RequestId></ErrorResponse>";
    }

    private static void respond(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
