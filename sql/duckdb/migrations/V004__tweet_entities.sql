-- twt local migration 4: twt_tweet_entity, with the columns of Snowflake's migration 5 (see there).
-- No PRIMARY KEY here (Snowflake's is not enforced either): DuckDB keeps a key's index in memory,
-- and over a million posts' entities it outgrew twt local's memory limit; the refresh's insert
-- keeps the rows distinct by itself (NOT EXISTS on tweet_id, kind, value).

CREATE TABLE IF NOT EXISTS twt_tweet_entity (
    tweet_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    user_screen_name VARCHAR NOT NULL
);
