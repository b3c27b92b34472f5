-- twt local migration: twt_compliance_log, with the columns of Snowflake's compliance_log migration (see there).

CREATE TABLE IF NOT EXISTS twt_compliance_log (
    kind VARCHAR NOT NULL,
    id VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    created_at TIMESTAMP,
    redacted_at TIMESTAMP,
    applied_at TIMESTAMP NOT NULL,
    source VARCHAR NOT NULL,
    tweets_removed BIGINT NOT NULL,
    tweet_entities_removed BIGINT NOT NULL,
    raw_removed BIGINT NOT NULL,
    raw_rejected_removed BIGINT NOT NULL,
    users_removed BIGINT NOT NULL
);
