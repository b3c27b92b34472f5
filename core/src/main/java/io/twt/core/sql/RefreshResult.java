package io.twt.core.sql;

/**
 * What one refresh did.
 *
 * @param ran false when the stream held nothing new and no DML ran
 * @param batchRows distinct posts parsed from the stream into twt_batch
 * @param userRowsChanged twt_user rows inserted or updated
 * @param tweetRowsChanged twt_tweet rows inserted or updated
 * @param statements statements sent to the engine (each one a round trip)
 * @param millis wall time
 */
public record RefreshResult(boolean ran, long batchRows, long userRowsChanged, long tweetRowsChanged, int statements, long millis) {
}
