package io.twt.core.object;

import static io.twt.core.io.TestBytes.gzip;
import static io.twt.core.io.TestBytes.utf8;

import io.twt.core.record.RecordJson;
import io.twt.core.record.TweetRecord;
import java.time.Instant;
import java.util.Arrays;

/** Raw objects for splitting, shared by core's tests and the adapters' parity tests. */
public final class SplitSamples {

    /** A raw key and its outputs, as the Validate function and local mode name them. */
    public static final String RAW_KEY = "raw/2026/03/01/12/twt-stream-1-2026-03-01-12-00-00-4f1c2a9e.gz";
    public static final OutputKeys OUTPUTS = OutputKeys.forRawKey(OutputKeys.RAW_PREFIX, RAW_KEY).orElseThrow();

    private static final RecordJson JSON = new RecordJson();

    private SplitSamples() {
    }

    /** A valid trimmed record, different for each {@code n}, with non-ASCII text. */
    public static String valid(int n) {
        return JSON.toJson(new TweetRecord(String.valueOf(1896215732465139712L + n), Instant.parse("2026-03-01T12:00:09Z").plusSeconds(n),
                "user_" + (n % 7), "User " + n + " \u00b7 Jos\u00e9", 120, 48213, 912, 733, 38871, n % 2 == 0, "blue",
                "post #" + n + " \u2014 caf\u00e9 \ud83d\ude80", 789, 12, 34, 56, String.valueOf(1349149096909668363L + n % 7)));
    }

    /** {@code count} valid records from {@code first}, each followed by a newline. */
    public static String valid(int first, int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = first; i < first + count; i++) {
            sb.append(valid(i)).append('\n');
        }
        return sb.toString();
    }

    /** Gzip NDJSON as Firehose writes it: 300 valid lines with a bad one after every hundredth, CRLF in places. */
    public static byte[] mixed() {
        return gzip(utf8(valid(0, 100) + "[1]\n" + valid(100, 100).replace("\n", "\r\n") + "{\"id\":\n" + valid(200, 100) + "   \n"));
    }

    /** Gzip cut in the middle: the lines before the cut are valid, the rest of the object is unreadable. */
    public static byte[] truncated() {
        byte[] full = gzip(utf8(valid(0, 2000)));
        return Arrays.copyOf(full, full.length / 2);
    }
}
