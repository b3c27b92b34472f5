package io.twt.forwarder.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PutRecordBatch on WireMock: some calls fail as a whole (503 throttling, 500), and in the others
 * each entry fails with ServiceUnavailableException at a given rate. Records every request's
 * decoded records and every accepted one.
 */
public final class FirehoseStandIn implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-firehose";
    static final String JSON_11 = "application/x-amz-json-1.1";

    private final ObjectMapper mapper = new ObjectMapper();
    private final Random random = new Random(7);
    private final double entryFailureRate;
    private final boolean wholeCallFailures;
    private final AtomicInteger calls = new AtomicInteger();
    public final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
    public final Set<String> accepted = ConcurrentHashMap.newKeySet();

    public FirehoseStandIn(double entryFailureRate, boolean wholeCallFailures) {
        this.entryFailureRate = entryFailureRate;
        this.wholeCallFailures = wholeCallFailures;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        JsonNode body;
        try {
            body = mapper.readTree(event.getRequest().getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> records = new ArrayList<>();
        for (JsonNode r : body.path("Records")) {
            records.add(new String(Base64.getDecoder().decode(r.path("Data").asText()), StandardCharsets.UTF_8));
        }
        requests.add(records);
        int call = calls.incrementAndGet();
        if (wholeCallFailures && call % 5 == 2) {
            return error(400, "ThrottlingException", "Rate exceeded");
        }
        if (wholeCallFailures && call % 7 == 3) {
            return error(500, "InternalFailure", "internal failure");
        }
        if (wholeCallFailures && call % 11 == 4) {
            return error(503, "ServiceUnavailableException", "Slow down.");
        }
        StringBuilder out = new StringBuilder("[");
        int failed = 0;
        synchronized (random) {
            for (int i = 0; i < records.size(); i++) {
                out.append(i == 0 ? "" : ",");
                if (random.nextDouble() < entryFailureRate) {
                    failed++;
                    out.append("{\"ErrorCode\":\"ServiceUnavailableException\",\"ErrorMessage\":\"Slow down.\"}");
                } else {
                    accepted.add(records.get(i));
                    out.append("{\"RecordId\":\"r").append(call).append('-').append(i).append("\"}");
                }
            }
        }
        return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", JSON_11)
                .withBody("{\"FailedPutCount\":" + failed + ",\"Encrypted\":false,\"RequestResponses\":" + out + "]}")
                .build();
    }

    private static ResponseDefinition error(int status, String type, String message) {
        return new ResponseDefinitionBuilder().withStatus(status).withHeader("Content-Type", JSON_11)
                .withBody("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}").build();
    }
}
