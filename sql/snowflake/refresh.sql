-- Generated from io.twt.core.sql.SqlCatalogue (snowflake dialect): do not edit by hand;
-- regenerate with: java -jar local/target/twt.jar sql --dialect snowflake > <this file>

-- 0. Is there anything new? When not, the refresh stops here (no warehouse time).
SELECT SYSTEM$STREAM_HAS_DATA('twt_raw_stream');

-- 1. Outside the transaction: DDL commits implicitly in Snowflake.
CREATE OR REPLACE TEMPORARY TABLE twt_batch (
    id STRING,
    id_num NUMBER(19,0),
    created_at DATETIME,
    screen_name STRING,
    username STRING,
    user_favourites_count NUMBER,
    user_followers_count NUMBER,
    user_friends_count NUMBER,
    user_listed_count NUMBER,
    user_statuses_count NUMBER,
    verified STRING,
    verified_type STRING,
    text STRING,
    tweet_favorite_count NUMBER,
    tweet_quote_count NUMBER,
    tweet_reply_count NUMBER,
    tweet_retweet_count NUMBER,
    user_id STRING
);

-- 2. One transaction: the stream's offset moves only if both merges commit.
BEGIN;

INSERT INTO twt_batch (id, id_num, created_at, screen_name, username, user_favourites_count, user_followers_count, user_friends_count, user_listed_count, user_statuses_count, verified, verified_type, text, tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, user_id)
SELECT id,
       CAST(id AS NUMBER(19,0)) AS id_num,
       created_at,
       screen_name,
       username,
       user_favourites_count,
       user_followers_count,
       user_friends_count,
       user_listed_count,
       user_statuses_count,
       verified,
       verified_type,
       text,
       MAX(tweet_favorite_count) OVER (PARTITION BY id) AS tweet_favorite_count,
       MAX(tweet_quote_count) OVER (PARTITION BY id) AS tweet_quote_count,
       MAX(tweet_reply_count) OVER (PARTITION BY id) AS tweet_reply_count,
       MAX(tweet_retweet_count) OVER (PARTITION BY id) AS tweet_retweet_count,
       user_id
FROM (
    SELECT raw:id::STRING AS id,
            CONVERT_TIMEZONE('UTC', raw:created_at::TIMESTAMP_TZ)::TIMESTAMP_NTZ AS created_at,
            raw:screenname::STRING AS screen_name,
            raw:username::STRING AS username,
            raw:user_favourites_count::NUMBER AS user_favourites_count,
            raw:user_followers_count::NUMBER AS user_followers_count,
            raw:user_friends_count::NUMBER AS user_friends_count,
            raw:user_listed_count::NUMBER AS user_listed_count,
            raw:user_statuses_count::NUMBER AS user_statuses_count,
            CASE WHEN raw:verified::BOOLEAN THEN 'true' ELSE 'false' END AS verified,
            raw:verified_type::STRING AS verified_type,
            raw:text::STRING AS text,
            raw:tweet_favorite_count::NUMBER AS tweet_favorite_count,
            raw:tweet_quote_count::NUMBER AS tweet_quote_count,
            raw:tweet_reply_count::NUMBER AS tweet_reply_count,
            raw:tweet_retweet_count::NUMBER AS tweet_retweet_count,
            raw:user_id::STRING AS user_id
    FROM twt_raw_stream WHERE METADATA$ACTION = 'INSERT'
) parsed
QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY created_at DESC, CAST(id AS NUMBER(19,0)) DESC, user_statuses_count DESC, user_followers_count DESC, user_favourites_count DESC, user_friends_count DESC, user_listed_count DESC, username DESC, verified_type DESC, verified DESC) = 1;

MERGE INTO twt_user t
USING (
    SELECT * FROM twt_batch
    QUALIFY ROW_NUMBER() OVER (PARTITION BY screen_name ORDER BY created_at DESC, id_num DESC, user_statuses_count DESC, user_followers_count DESC, user_favourites_count DESC, user_friends_count DESC, user_listed_count DESC, username DESC, verified_type DESC, verified DESC) = 1
) s
ON t.screen_name = s.screen_name
WHEN MATCHED AND (
       s.created_at > t.last_updated
    OR (s.created_at = t.last_updated AND s.id_num > CAST(t.last_tweet_id AS NUMBER(19,0)))
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count > t.user_statuses_count)
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count = t.user_statuses_count AND s.user_followers_count > t.user_followers_count)
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count = t.user_statuses_count AND s.user_followers_count = t.user_followers_count AND s.user_favourites_count > t.user_favourites_count)
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count = t.user_statuses_count AND s.user_followers_count = t.user_followers_count AND s.user_favourites_count = t.user_favourites_count AND s.user_friends_count > t.user_friends_count)
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count = t.user_statuses_count AND s.user_followers_count = t.user_followers_count AND s.user_favourites_count = t.user_favourites_count AND s.user_friends_count = t.user_friends_count AND s.user_listed_count > t.user_listed_count)
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count = t.user_statuses_count AND s.user_followers_count = t.user_followers_count AND s.user_favourites_count = t.user_favourites_count AND s.user_friends_count = t.user_friends_count AND s.user_listed_count = t.user_listed_count AND s.username > t.username)
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count = t.user_statuses_count AND s.user_followers_count = t.user_followers_count AND s.user_favourites_count = t.user_favourites_count AND s.user_friends_count = t.user_friends_count AND s.user_listed_count = t.user_listed_count AND s.username = t.username AND s.verified_type > t.verified_type)
    OR (s.created_at = t.last_updated AND s.id_num = CAST(t.last_tweet_id AS NUMBER(19,0)) AND s.user_statuses_count = t.user_statuses_count AND s.user_followers_count = t.user_followers_count AND s.user_favourites_count = t.user_favourites_count AND s.user_friends_count = t.user_friends_count AND s.user_listed_count = t.user_listed_count AND s.username = t.username AND s.verified_type = t.verified_type AND s.verified > t.verified)
) THEN UPDATE SET
        username = s.username,
        user_favourites_count = s.user_favourites_count,
        user_followers_count = s.user_followers_count,
        user_friends_count = s.user_friends_count,
        user_listed_count = s.user_listed_count,
        user_statuses_count = s.user_statuses_count,
        verified = s.verified,
        verified_type = s.verified_type,
        last_updated = s.created_at,
        user_id = s.user_id,
        last_tweet_id = s.id
WHEN NOT MATCHED THEN INSERT (screen_name, username, user_favourites_count, user_followers_count, user_friends_count, user_listed_count, user_statuses_count, verified, verified_type, last_updated, user_id, last_tweet_id)
    VALUES (s.screen_name, s.username, s.user_favourites_count, s.user_followers_count, s.user_friends_count, s.user_listed_count, s.user_statuses_count, s.verified, s.verified_type, s.created_at, s.user_id, s.id);

MERGE INTO twt_tweet t
USING twt_batch s
ON t.id = s.id
WHEN MATCHED AND (s.tweet_favorite_count > t.tweet_favorite_count OR s.tweet_quote_count > t.tweet_quote_count OR s.tweet_reply_count > t.tweet_reply_count OR s.tweet_retweet_count > t.tweet_retweet_count) THEN UPDATE SET
        tweet_favorite_count = GREATEST(t.tweet_favorite_count, s.tweet_favorite_count),
        tweet_quote_count = GREATEST(t.tweet_quote_count, s.tweet_quote_count),
        tweet_reply_count = GREATEST(t.tweet_reply_count, s.tweet_reply_count),
        tweet_retweet_count = GREATEST(t.tweet_retweet_count, s.tweet_retweet_count)
WHEN NOT MATCHED THEN INSERT (id, created_at, user_screen_name, text, tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, user_id)
    VALUES (s.id, s.created_at, s.screen_name, s.text, s.tweet_favorite_count, s.tweet_quote_count, s.tweet_reply_count, s.tweet_retweet_count, s.user_id);

COMMIT;
