-- twt migration 3: the analytics tables. The columns analysts query, plus user_id and the id of
-- the post that last_updated comes from (last_tweet_id, which orders two profiles of one second).

CREATE TABLE IF NOT EXISTS twt_user (
    screen_name STRING NOT NULL PRIMARY KEY,
    username STRING NOT NULL,
    user_favourites_count NUMBER NOT NULL,
    user_followers_count NUMBER NOT NULL,
    user_friends_count NUMBER NOT NULL,
    user_listed_count NUMBER NOT NULL,
    user_statuses_count NUMBER NOT NULL,
    verified STRING NOT NULL,
    verified_type STRING NOT NULL,
    last_updated DATETIME NOT NULL,
    user_id STRING,
    last_tweet_id STRING NOT NULL
);

CREATE TABLE IF NOT EXISTS twt_tweet (
    id STRING NOT NULL PRIMARY KEY,
    created_at DATETIME NOT NULL,
    user_screen_name STRING NOT NULL,
    text STRING NOT NULL,
    tweet_favorite_count NUMBER NOT NULL,
    tweet_quote_count NUMBER NOT NULL,
    tweet_reply_count NUMBER NOT NULL,
    tweet_retweet_count NUMBER NOT NULL,
    user_id STRING
);
