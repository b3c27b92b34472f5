-- twt migration: what twt removed for X's content compliance, one row per line of a batch
-- compliance result it applied (io.twt.core.compliance; the documented result format:
-- https://docs.x.com/x-api/compliance/batch-compliance/quickstart). kind is tweet or user; id,
-- action, reason are the line's; created_at and redacted_at are the line's times (UTC; NULL when
-- the line has none: not every event has redacted_at); applied_at is when the transaction that
-- removed the rows ran; source names the result (the job id or the result file's name). The
-- *_removed columns count the rows that line removed from each table. A line that removes nothing
-- is logged the first time its kind, id and reason are seen only, so applying a result again adds
-- no row.

CREATE TABLE IF NOT EXISTS twt_compliance_log (
    kind STRING NOT NULL,
    id STRING NOT NULL,
    action STRING NOT NULL,
    reason STRING NOT NULL,
    created_at DATETIME,
    redacted_at DATETIME,
    applied_at TIMESTAMP_LTZ NOT NULL,
    source STRING NOT NULL,
    tweets_removed NUMBER NOT NULL,
    tweet_entities_removed NUMBER NOT NULL,
    raw_removed NUMBER NOT NULL,
    raw_rejected_removed NUMBER NOT NULL,
    users_removed NUMBER NOT NULL
);
