-- twt local migration 2: the analytics tables, with the columns of Snowflake's migration 3.

CREATE TABLE IF NOT EXISTS twt_user (
    screen_name VARCHAR NOT NULL PRIMARY KEY,
    username VARCHAR NOT NULL,
    user_favourites_count BIGINT NOT NULL,
    user_followers_count BIGINT NOT NULL,
    user_friends_count BIGINT NOT NULL,
    user_listed_count BIGINT NOT NULL,
    user_statuses_count BIGINT NOT NULL,
    verified VARCHAR NOT NULL,
    verified_type VARCHAR NOT NULL,
    last_updated TIMESTAMP NOT NULL,
    user_id VARCHAR,
    last_tweet_id VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS twt_tweet (
    id VARCHAR NOT NULL PRIMARY KEY,
    created_at TIMESTAMP NOT NULL,
    user_screen_name VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    tweet_favorite_count BIGINT NOT NULL,
    tweet_quote_count BIGINT NOT NULL,
    tweet_reply_count BIGINT NOT NULL,
    tweet_retweet_count BIGINT NOT NULL,
    user_id VARCHAR
);
