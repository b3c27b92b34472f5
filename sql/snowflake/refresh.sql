-- Generated from io.twt.core.sql.SqlCatalogue (snowflake dialect): do not edit by hand;
-- regenerate with: java -jar local/target/twt.jar sql --dialect snowflake > <this file>

-- 0. Is there anything new? When not, the refresh stops here (no warehouse time).
SELECT SYSTEM$STREAM_HAS_DATA('twt_raw_stream');

-- 1. Outside the transaction: DDL commits implicitly in Snowflake.
CREATE OR REPLACE TEMPORARY TABLE twt_parsed (
    file_name STRING,
    file_row_number NUMBER,
    load_time TIMESTAMP_LTZ,
    raw_text STRING,
    problem STRING,
    problem_field STRING,
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

INSERT INTO twt_parsed (file_name, file_row_number, load_time, raw_text, problem, problem_field, id, id_num, created_at, screen_name, username, user_favourites_count, user_followers_count, user_friends_count, user_listed_count, user_statuses_count, verified, verified_type, text, tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, user_id)
SELECT file_name,
       file_row_number,
       load_time,
       raw_text,
       CASE WHEN NOT IS_OBJECT(raw) THEN 'not_object'
            WHEN text_id IS NULL THEN 'missing_field'
            WHEN text_id IS NOT NULL AND id IS NULL THEN 'invalid_id'
            WHEN text_created_at IS NULL THEN 'missing_field'
            WHEN text_created_at IS NOT NULL AND created_at IS NULL THEN 'invalid_timestamp'
            WHEN text_screen_name IS NULL THEN 'missing_field'
            WHEN text_screen_name IS NOT NULL AND screen_name IS NULL THEN 'empty_string'
            WHEN text_username IS NULL THEN 'missing_field'
            WHEN text_user_favourites_count IS NULL THEN 'missing_field'
            WHEN text_user_favourites_count IS NOT NULL AND user_favourites_count IS NULL THEN 'invalid_count'
            WHEN text_user_followers_count IS NULL THEN 'missing_field'
            WHEN text_user_followers_count IS NOT NULL AND user_followers_count IS NULL THEN 'invalid_count'
            WHEN text_user_friends_count IS NULL THEN 'missing_field'
            WHEN text_user_friends_count IS NOT NULL AND user_friends_count IS NULL THEN 'invalid_count'
            WHEN text_user_listed_count IS NULL THEN 'missing_field'
            WHEN text_user_listed_count IS NOT NULL AND user_listed_count IS NULL THEN 'invalid_count'
            WHEN text_user_statuses_count IS NULL THEN 'missing_field'
            WHEN text_user_statuses_count IS NOT NULL AND user_statuses_count IS NULL THEN 'invalid_count'
            WHEN text_verified IS NULL THEN 'missing_field'
            WHEN text_verified IS NOT NULL AND verified IS NULL THEN 'invalid_boolean'
            WHEN text_verified_type IS NULL THEN 'missing_field'
            WHEN text_text IS NULL THEN 'missing_field'
            WHEN text_tweet_favorite_count IS NULL THEN 'missing_field'
            WHEN text_tweet_favorite_count IS NOT NULL AND tweet_favorite_count IS NULL THEN 'invalid_count'
            WHEN text_tweet_quote_count IS NULL THEN 'missing_field'
            WHEN text_tweet_quote_count IS NOT NULL AND tweet_quote_count IS NULL THEN 'invalid_count'
            WHEN text_tweet_reply_count IS NULL THEN 'missing_field'
            WHEN text_tweet_reply_count IS NOT NULL AND tweet_reply_count IS NULL THEN 'invalid_count'
            WHEN text_tweet_retweet_count IS NULL THEN 'missing_field'
            WHEN text_tweet_retweet_count IS NOT NULL AND tweet_retweet_count IS NULL THEN 'invalid_count'
            WHEN text_user_id IS NOT NULL AND user_id IS NULL THEN 'invalid_id'
       END AS problem,
       CASE WHEN NOT IS_OBJECT(raw) THEN NULL
            WHEN text_id IS NULL THEN 'id'
            WHEN text_id IS NOT NULL AND id IS NULL THEN 'id'
            WHEN text_created_at IS NULL THEN 'created_at'
            WHEN text_created_at IS NOT NULL AND created_at IS NULL THEN 'created_at'
            WHEN text_screen_name IS NULL THEN 'screenname'
            WHEN text_screen_name IS NOT NULL AND screen_name IS NULL THEN 'screenname'
            WHEN text_username IS NULL THEN 'username'
            WHEN text_user_favourites_count IS NULL THEN 'user_favourites_count'
            WHEN text_user_favourites_count IS NOT NULL AND user_favourites_count IS NULL THEN 'user_favourites_count'
            WHEN text_user_followers_count IS NULL THEN 'user_followers_count'
            WHEN text_user_followers_count IS NOT NULL AND user_followers_count IS NULL THEN 'user_followers_count'
            WHEN text_user_friends_count IS NULL THEN 'user_friends_count'
            WHEN text_user_friends_count IS NOT NULL AND user_friends_count IS NULL THEN 'user_friends_count'
            WHEN text_user_listed_count IS NULL THEN 'user_listed_count'
            WHEN text_user_listed_count IS NOT NULL AND user_listed_count IS NULL THEN 'user_listed_count'
            WHEN text_user_statuses_count IS NULL THEN 'user_statuses_count'
            WHEN text_user_statuses_count IS NOT NULL AND user_statuses_count IS NULL THEN 'user_statuses_count'
            WHEN text_verified IS NULL THEN 'verified'
            WHEN text_verified IS NOT NULL AND verified IS NULL THEN 'verified'
            WHEN text_verified_type IS NULL THEN 'verified_type'
            WHEN text_text IS NULL THEN 'text'
            WHEN text_tweet_favorite_count IS NULL THEN 'tweet_favorite_count'
            WHEN text_tweet_favorite_count IS NOT NULL AND tweet_favorite_count IS NULL THEN 'tweet_favorite_count'
            WHEN text_tweet_quote_count IS NULL THEN 'tweet_quote_count'
            WHEN text_tweet_quote_count IS NOT NULL AND tweet_quote_count IS NULL THEN 'tweet_quote_count'
            WHEN text_tweet_reply_count IS NULL THEN 'tweet_reply_count'
            WHEN text_tweet_reply_count IS NOT NULL AND tweet_reply_count IS NULL THEN 'tweet_reply_count'
            WHEN text_tweet_retweet_count IS NULL THEN 'tweet_retweet_count'
            WHEN text_tweet_retweet_count IS NOT NULL AND tweet_retweet_count IS NULL THEN 'tweet_retweet_count'
            WHEN text_user_id IS NOT NULL AND user_id IS NULL THEN 'user_id'
       END AS problem_field,
       id,
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
       tweet_favorite_count,
       tweet_quote_count,
       tweet_reply_count,
       tweet_retweet_count,
       user_id
FROM (
    SELECT *,
            CASE WHEN REGEXP_LIKE(text_id, '[0-9]{1,19}') THEN text_id END AS id,
            CONVERT_TIMEZONE('UTC', TRY_TO_TIMESTAMP_TZ(text_created_at))::TIMESTAMP_NTZ AS created_at,
            CASE WHEN TRIM(text_screen_name) <> '' THEN text_screen_name END AS screen_name,
            text_username AS username,
            CASE WHEN REGEXP_LIKE(text_user_favourites_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_user_favourites_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_user_favourites_count) END AS user_favourites_count,
            CASE WHEN REGEXP_LIKE(text_user_followers_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_user_followers_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_user_followers_count) END AS user_followers_count,
            CASE WHEN REGEXP_LIKE(text_user_friends_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_user_friends_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_user_friends_count) END AS user_friends_count,
            CASE WHEN REGEXP_LIKE(text_user_listed_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_user_listed_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_user_listed_count) END AS user_listed_count,
            CASE WHEN REGEXP_LIKE(text_user_statuses_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_user_statuses_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_user_statuses_count) END AS user_statuses_count,
            CASE WHEN text_verified IN ('true', 'false') THEN text_verified END AS verified,
            text_verified_type AS verified_type,
            text_text AS text,
            CASE WHEN REGEXP_LIKE(text_tweet_favorite_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_tweet_favorite_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_tweet_favorite_count) END AS tweet_favorite_count,
            CASE WHEN REGEXP_LIKE(text_tweet_quote_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_tweet_quote_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_tweet_quote_count) END AS tweet_quote_count,
            CASE WHEN REGEXP_LIKE(text_tweet_reply_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_tweet_reply_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_tweet_reply_count) END AS tweet_reply_count,
            CASE WHEN REGEXP_LIKE(text_tweet_retweet_count, '[0-9]{1,19}') AND TRY_TO_NUMBER(text_tweet_retweet_count) <= 9223372036854775807 THEN TRY_TO_NUMBER(text_tweet_retweet_count) END AS tweet_retweet_count,
            CASE WHEN REGEXP_LIKE(text_user_id, '[0-9]{1,19}') THEN text_user_id END AS user_id
    FROM (
        SELECT file_name, file_row_number, load_time, raw_text, raw,
                raw:id::STRING AS text_id,
                raw:created_at::STRING AS text_created_at,
                raw:screenname::STRING AS text_screen_name,
                raw:username::STRING AS text_username,
                raw:user_favourites_count::STRING AS text_user_favourites_count,
                raw:user_followers_count::STRING AS text_user_followers_count,
                raw:user_friends_count::STRING AS text_user_friends_count,
                raw:user_listed_count::STRING AS text_user_listed_count,
                raw:user_statuses_count::STRING AS text_user_statuses_count,
                raw:verified::STRING AS text_verified,
                raw:verified_type::STRING AS text_verified_type,
                raw:text::STRING AS text_text,
                raw:tweet_favorite_count::STRING AS text_tweet_favorite_count,
                raw:tweet_quote_count::STRING AS text_tweet_quote_count,
                raw:tweet_reply_count::STRING AS text_tweet_reply_count,
                raw:tweet_retweet_count::STRING AS text_tweet_retweet_count,
                raw:user_id::STRING AS text_user_id
        FROM (SELECT file_name, file_row_number, load_time, LEFT(TO_JSON(raw), 8192) AS raw_text, raw FROM twt_raw_stream WHERE METADATA$ACTION = 'INSERT') stream_rows
    ) extracted
) checked;

INSERT INTO twt_raw_rejected (file_name, file_row_number, reason, field, raw, load_time, rejected_at)
SELECT p.file_name, p.file_row_number, p.problem, p.problem_field, p.raw_text, p.load_time, CURRENT_TIMESTAMP
FROM twt_parsed p
WHERE p.problem IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM twt_raw_rejected r WHERE r.file_name = p.file_name AND r.file_row_number = p.file_row_number)
QUALIFY ROW_NUMBER() OVER (PARTITION BY p.file_name, p.file_row_number ORDER BY p.load_time) = 1;

INSERT INTO twt_batch (id, id_num, created_at, screen_name, username, user_favourites_count, user_followers_count, user_friends_count, user_listed_count, user_statuses_count, verified, verified_type, text, tweet_favorite_count, tweet_quote_count, tweet_reply_count, tweet_retweet_count, user_id)
SELECT id,
       id_num,
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
FROM twt_parsed
WHERE problem IS NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY created_at DESC, id_num DESC, user_statuses_count DESC, user_followers_count DESC, user_favourites_count DESC, user_friends_count DESC, user_listed_count DESC, username DESC, verified_type DESC, verified DESC) = 1;

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

INSERT INTO twt_load_error (file_name, last_load_time, status, row_count, row_parsed, error_count,
    first_error_message, first_error_line_number, first_error_column_name, pipe_name, recorded_at)
SELECT h.file_name, h.last_load_time, h.status, h.row_count, h.row_parsed, h.error_count,
    LEFT(h.first_error_message, 8192), h.first_error_line_number, h.first_error_column_name, h.pipe_name, CURRENT_TIMESTAMP
FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => 'TWT_RAW', START_TIME => DATEADD('day', -13, CURRENT_TIMESTAMP))) h
WHERE h.error_count > 0
    AND NOT EXISTS (SELECT 1 FROM twt_load_error e WHERE e.file_name = h.file_name AND e.last_load_time = h.last_load_time);

COMMIT;
