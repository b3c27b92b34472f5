package io.twt.stream.x;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * X's explanation of a refusal, from an error answer such as
 * {@code {"title": …, "detail": …, "errors": [{"message": …, "value": …, "details": […]}]}},
 * flattened to one line for logs and error messages. Answers that are not JSON are quoted as they
 * are. Either way the text is cut to {@value #MAX_CHARS} characters.
 */
final class XErrorText {

    static final int MAX_CHARS = 500;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private XErrorText() {
    }

    static String of(String body) {
        if (body == null || body.isBlank()) {
            return "no explanation in the answer";
        }
        String text;
        try {
            JsonNode json = MAPPER.readTree(body);
            Set<String> parts = new LinkedHashSet<>();
            add(parts, json.path("title"));
            add(parts, json.path("detail"));
            for (JsonNode error : json.path("errors")) {
                String rule = error.path("value").isTextual() ? "rule \"" + error.path("value").asText() + "\": " : "";
                for (String field : new String[] {"title", "message", "detail"}) {
                    if (error.path(field).isTextual()) {
                        parts.add(rule + error.path(field).asText());
                    }
                }
                for (JsonNode detail : error.path("details")) {
                    if (detail.isTextual()) {
                        parts.add(rule + detail.asText());
                    }
                }
            }
            text = parts.isEmpty() ? body.strip() : String.join("; ", parts);
        } catch (IOException e) {
            text = body.strip();
        }
        return text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "…" : text;
    }

    private static void add(Set<String> parts, JsonNode node) {
        if (node.isTextual() && !node.asText().isBlank()) {
            parts.add(node.asText());
        }
    }
}
