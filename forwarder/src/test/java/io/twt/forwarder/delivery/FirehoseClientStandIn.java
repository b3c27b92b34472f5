package io.twt.forwarder.delivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchRequest;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;

/** An in-process Firehose client that answers each PutRecordBatch with a given function and keeps the records sent. */
final class FirehoseClientStandIn implements FirehoseClient {

    final List<List<String>> requests = Collections.synchronizedList(new ArrayList<>());
    private final Function<List<String>, PutRecordBatchResponse> answer;

    FirehoseClientStandIn(Function<List<String>, PutRecordBatchResponse> answer) {
        this.answer = answer;
    }

    static FirehoseClientStandIn acceptingAll() {
        return new FirehoseClientStandIn(records -> answer(records.size(), List.of()));
    }

    /** A well-formed answer for {@code count} records where the entries at {@code failed} have an error code. */
    static PutRecordBatchResponse answer(int count, List<Integer> failed) {
        List<PutRecordBatchResponseEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(failed.contains(i)
                    ? PutRecordBatchResponseEntry.builder().errorCode("ServiceUnavailableException").errorMessage("Slow down.").build()
                    : PutRecordBatchResponseEntry.builder().recordId("r" + i).build());
        }
        return PutRecordBatchResponse.builder().failedPutCount(failed.size()).requestResponses(entries).build();
    }

    @Override
    public PutRecordBatchResponse putRecordBatch(PutRecordBatchRequest request) {
        List<String> records = new ArrayList<>();
        for (Record r : request.records()) {
            records.add(r.data().asString(StandardCharsets.UTF_8));
        }
        requests.add(records);
        return answer.apply(records);
    }

    List<Integer> requestSizes() {
        synchronized (requests) {
            return requests.stream().map(List::size).toList();
        }
    }

    @Override
    public String serviceName() {
        return "firehose";
    }

    @Override
    public void close() {
    }
}
