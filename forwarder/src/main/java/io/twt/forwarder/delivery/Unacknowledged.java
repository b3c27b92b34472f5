package io.twt.forwarder.delivery;

import java.util.List;

/**
 * The records of one batch that Firehose has not acknowledged yet. The sender narrows them as
 * Firehose accepts entries; at the shutdown deadline the batcher takes what is left for the
 * dead-letter file. Whichever takes them first accounts for them, so that a record is counted
 * once: forwarded or dead-lettered.
 */
final class Unacknowledged {

    private List<byte[]> records;

    Unacknowledged(List<byte[]> records) {
        this.records = records;
    }

    /** Keeps only {@code stillPending}; false when the records were already taken. */
    synchronized boolean narrow(List<byte[]> stillPending) {
        if (records == null) {
            return false;
        }
        records = stillPending;
        return true;
    }

    /** The records not acknowledged, now this caller's to account for; empty when already taken. */
    synchronized List<byte[]> take() {
        List<byte[]> rest = records == null ? List.of() : records;
        records = null;
        return rest;
    }
}
