-- twt local migration 5: twt_tweet.original_id, as Snowflake's migration 6 (see there).

ALTER TABLE twt_tweet ADD COLUMN IF NOT EXISTS original_id VARCHAR;
