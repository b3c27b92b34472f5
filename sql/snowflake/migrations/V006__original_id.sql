-- twt migration 6: twt_tweet.original_id, the id of an edited post's first version (X gives each
-- edit a new id), NULL for a post that is not an edit. A post counted once over its edits is
-- COALESCE(original_id, id). IF NOT EXISTS keeps a migration cut short re-runnable
-- (https://docs.snowflake.com/en/sql-reference/sql/alter-table).

ALTER TABLE twt_tweet ADD COLUMN IF NOT EXISTS original_id STRING;
