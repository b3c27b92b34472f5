-- twt local migration 4: twt_tweet_entity, with the columns of Snowflake's migration 5 (see there).

CREATE TABLE IF NOT EXISTS twt_tweet_entity (
    tweet_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    user_screen_name VARCHAR NOT NULL,
    PRIMARY KEY (tweet_id, kind, value)
);
