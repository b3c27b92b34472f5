package io.twt.local;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The counters of one {@code twt local} run; {@link #toMap()} is the --json line. */
final class RunStats {
    long received;
    /** Input files that stopped being readable part-way (corrupt or truncated gzip). */
    long unreadableInputs;
    long forwarded;
    /** Compliance notices forwarded with the posts (v1.1 delete, status_withheld, user_withheld). */
    long notices;
    long control;
    long keepalive;
    long rejected;
    final Map<String, Long> rejectedByReason = new TreeMap<>();
    long objects;
    long valid;
    long quarantined;
    final Map<String, Long> quarantinedByReason = new TreeMap<>();
    long unreadableObjects;
    long loadedFiles;
    long skippedFiles;
    long rowsLoaded;
    long loadMillis;
    long batchRows;
    /** Rows the refresh kept in twt_raw_rejected instead of merging (0 while the validator is at least as strict). */
    long refreshRejected;
    long refreshMillis;
    /** Compliance lines the refresh applied: stream notices, and posts an earlier line had removed. */
    long complianceLines;
    long tweets;
    long users;
    /** Load-and-refresh rounds: one for files, one per --refresh-every (and a final one) for a stream. */
    int rounds;
    /** Stream reconnects by cause (as in the forwarder's metrics). */
    final Map<String, Long> reconnects = new TreeMap<>();
    /** Why the run ended: the end of the input, --max-posts, --duration, a signal… */
    String stoppedBy;
    /** Most frequent cashtags in twt_tweet: [tag, posts]. */
    List<List<String>> topCashtags = List.of();
    /** Users with the most posts: [screen_name, posts, followers]. */
    List<List<String>> topUsers = List.of();

    /** What one round added, and the table sizes after it. */
    record Round(int number, boolean last, long received, long forwarded, long rejected, long objects, long valid,
            long quarantined, long rowsLoaded, long batchRows, long refreshMillis, long reconnects, long tweets, long users) {

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", number);
            m.put("final", last);
            m.put("received", received);
            m.put("forwarded", forwarded);
            m.put("rejected", rejected);
            m.put("objects", objects);
            m.put("valid", valid);
            m.put("quarantined", quarantined);
            m.put("rows_loaded", rowsLoaded);
            m.put("batch_rows", batchRows);
            m.put("refresh_ms", refreshMillis);
            m.put("reconnects", reconnects);
            m.put("tweets", tweets);
            m.put("users", users);
            return m;
        }
    }

    void reject(String reason) {
        rejected++;
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    void reconnect(String cause) {
        reconnects.merge(cause, 1L, Long::sum);
    }

    long reconnectCount() {
        return reconnects.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The counters of a round: these totals less those of {@code before}. */
    Round roundSince(RunStats before, boolean last) {
        return new Round(rounds, last, received - before.received, forwarded - before.forwarded, rejected - before.rejected,
                objects - before.objects, valid - before.valid, quarantined - before.quarantined,
                rowsLoaded - before.rowsLoaded, batchRows - before.batchRows, refreshMillis - before.refreshMillis,
                reconnectCount() - before.reconnectCount(), tweets, users);
    }

    /** A copy of the counters (the top lists are not copied). */
    RunStats copy() {
        RunStats c = new RunStats();
        c.received = received;
        c.unreadableInputs = unreadableInputs;
        c.forwarded = forwarded;
        c.notices = notices;
        c.control = control;
        c.keepalive = keepalive;
        c.rejected = rejected;
        c.rejectedByReason.putAll(rejectedByReason);
        c.objects = objects;
        c.valid = valid;
        c.quarantined = quarantined;
        c.quarantinedByReason.putAll(quarantinedByReason);
        c.unreadableObjects = unreadableObjects;
        c.loadedFiles = loadedFiles;
        c.skippedFiles = skippedFiles;
        c.rowsLoaded = rowsLoaded;
        c.loadMillis = loadMillis;
        c.batchRows = batchRows;
        c.refreshRejected = refreshRejected;
        c.refreshMillis = refreshMillis;
        c.complianceLines = complianceLines;
        c.tweets = tweets;
        c.users = users;
        c.rounds = rounds;
        c.reconnects.putAll(reconnects);
        c.stoppedBy = stoppedBy;
        return c;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", received);
        m.put("unreadable_inputs", unreadableInputs);
        m.put("forwarded", forwarded);
        m.put("notices", notices);
        m.put("control", control);
        m.put("keepalive", keepalive);
        m.put("rejected", rejected);
        m.put("rejected_by_reason", rejectedByReason);
        m.put("objects", objects);
        m.put("valid", valid);
        m.put("quarantined", quarantined);
        m.put("quarantined_by_reason", quarantinedByReason);
        m.put("unreadable_objects", unreadableObjects);
        m.put("loaded_files", loadedFiles);
        m.put("skipped_files", skippedFiles);
        m.put("rows_loaded", rowsLoaded);
        m.put("load_ms", loadMillis);
        m.put("batch_rows", batchRows);
        m.put("refresh_rejected", refreshRejected);
        m.put("refresh_ms", refreshMillis);
        m.put("compliance_lines", complianceLines);
        m.put("tweets", tweets);
        m.put("users", users);
        m.put("rounds", rounds);
        m.put("reconnects", reconnects);
        m.put("stopped_by", stoppedBy);
        m.put("top_cashtags", topCashtags);
        m.put("top_users", topUsers);
        return m;
    }
}
