-- twt migration: Time Travel keeps rows that a DELETE removed for the table's
-- DATA_RETENTION_TIME_IN_DAYS, and permanent tables then keep them 7 days more in Fail-safe, which
-- no setting shortens (https://docs.snowflake.com/user-guide/data-cdp-storage-costs). So that a
-- post removed for X's content compliance (docs/compliance.md) is gone as soon as Snowflake allows,
-- every twt table keeps 1 day of Time Travel, whatever the account's or database's default (1 is
-- allowed on every edition; 0 would also give up undoing a mistaken DELETE). A table a later
-- migration creates sets it too (a test checks). The stream on twt_raw is not made stale by this:
-- Snowflake extends a table's retention for an unconsumed stream, up to
-- MAX_DATA_EXTENSION_TIME_IN_DAYS (14 days by default:
-- https://docs.snowflake.com/en/release-notes/bcr-bundles/2023_05/bcr-1146).

ALTER TABLE twt_raw SET DATA_RETENTION_TIME_IN_DAYS = 1;
ALTER TABLE twt_user SET DATA_RETENTION_TIME_IN_DAYS = 1;
ALTER TABLE twt_tweet SET DATA_RETENTION_TIME_IN_DAYS = 1;
ALTER TABLE twt_raw_rejected SET DATA_RETENTION_TIME_IN_DAYS = 1;
ALTER TABLE twt_load_error SET DATA_RETENTION_TIME_IN_DAYS = 1;
ALTER TABLE twt_tweet_entity SET DATA_RETENTION_TIME_IN_DAYS = 1;
ALTER TABLE twt_compliance_log SET DATA_RETENTION_TIME_IN_DAYS = 1;
