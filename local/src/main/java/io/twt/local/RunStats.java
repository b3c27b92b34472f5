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
    long batchRows;
    long refreshMillis;
    long tweets;
    long users;
    /** Most frequent cashtags in twt_tweet: [tag, posts]. */
    List<List<String>> topCashtags = List.of();
    /** Users with the most posts: [screen_name, posts, followers]. */
    List<List<String>> topUsers = List.of();

    void reject(String reason) {
        rejected++;
        rejectedByReason.merge(reason, 1L, Long::sum);
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("received", received);
        m.put("unreadable_inputs", unreadableInputs);
        m.put("forwarded", forwarded);
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
        m.put("batch_rows", batchRows);
        m.put("refresh_ms", refreshMillis);
        m.put("tweets", tweets);
        m.put("users", users);
        m.put("top_cashtags", topCashtags);
        m.put("top_users", topUsers);
        return m;
    }
}
