package io.twt.core.sql;

/**
 * What one refresh did.
 *
 * @param ran false when the stream held nothing new and no DML ran
 * @param batchRows distinct posts parsed from the stream into twt_batch (one per id)
 * @param rejectedRows rows of the stream newly kept in twt_raw_rejected because they could not be
 *                     parsed or typed (a row already kept there is not counted again)
 * @param loadErrorFiles Snowflake: files the pipe loaded with errors that this refresh newly
 *                       recorded in twt_load_error from COPY_HISTORY (always 0 in DuckDB)
 * @param users what the twt_user merge did
 * @param tweets what the twt_tweet merge did
 * @param complianceLines compliance lines this refresh applied: its stream notices, and its posts
 *                        that an earlier notice or compliance result removed (each logged in
 *                        twt_compliance_log when it removed something or was new)
 * @param statements statements sent to the engine, transaction control included (each one a round trip)
 * @param millis wall time
 */
public record RefreshResult(boolean ran, long batchRows, long rejectedRows, long loadErrorFiles, MergeCounts users, MergeCounts tweets,
        long complianceLines, int statements, long millis) {

    public RefreshResult {
        if (users == null || tweets == null) {
            throw new IllegalArgumentException("merge counts are required (MergeCounts.NONE when no merge ran)");
        }
        if (rejectedRows < 0 || loadErrorFiles < 0 || complianceLines < 0) {
            throw new IllegalArgumentException("rejected rows, load error files and compliance lines cannot be negative: "
                    + rejectedRows + ", " + loadErrorFiles + ", " + complianceLines);
        }
    }

    /** A run that found the stream empty: no merge ran. */
    public static RefreshResult notRun(int statements, long millis) {
        return new RefreshResult(false, 0, 0, 0, MergeCounts.NONE, MergeCounts.NONE, 0, statements, millis);
    }

    /** twt_user rows inserted or updated. */
    public long userRowsChanged() {
        return users.changed();
    }

    /** twt_tweet rows inserted or updated. */
    public long tweetRowsChanged() {
        return tweets.changed();
    }

    /** Rows one MERGE inserted and updated. */
    public record MergeCounts(long inserted, long updated) {

        public static final MergeCounts NONE = new MergeCounts(0, 0);

        public MergeCounts {
            if (inserted < 0 || updated < 0) {
                throw new IllegalArgumentException("merge counts cannot be negative: inserted " + inserted + ", updated " + updated);
            }
        }

        public long changed() {
            return inserted + updated;
        }
    }
}
