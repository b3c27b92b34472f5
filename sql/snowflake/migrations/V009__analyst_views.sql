-- twt migration 9: views for analysts and BI tools, over twt_tweet_entity, twt_tweet and
-- twt_user. Times are UTC (created_at is the post's time as X gave it, in UTC). A view holds no
-- data, so each is replaced whole: a later migration that changes one is a new CREATE OR REPLACE
-- VIEW. TWT_ANALYST reads them through the future-views grant in sql/admin/setup.sql; a replaced
-- view gets that grant again (https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_08/bcr-2433:
-- before that bundle a replaced view inherits the future grants).
--
-- twt_cashtag_hourly: per cashtag (upper-case, without $) and UTC hour (DATE_TRUNC keeps the
--   TIMESTAMP type, https://docs.snowflake.com/sql-reference/functions/date_trunc): posts that
--   carry it and their distinct authors. A post counts once over its edits (X gives each edit a
--   new id; COALESCE(original_id, id) is the same for every version), here and in twt_author.
-- twt_cashtag_daily: the same per UTC day, plus engagement: the sum over those posts of their
--   retweets, replies, likes and quotes (the greatest counts seen).
-- twt_author: each author's latest profile (twt_user keeps the newest observation), their post
--   count in twt_tweet and their reach (followers).
-- twt_cashtag_verified_share: per cashtag, its distinct authors, how many of them are verified
--   (verified = 'true' in their latest profile) and that share (0 to 1).
-- The column names hour and day are not reserved in Snowflake
-- (https://docs.snowflake.com/en/sql-reference/reserved-keywords).

CREATE OR REPLACE VIEW twt_cashtag_hourly AS
SELECT e.value AS cashtag,
       DATE_TRUNC('HOUR', e.created_at) AS hour,
       COUNT(DISTINCT COALESCE(t.original_id, e.tweet_id)) AS posts,
       COUNT(DISTINCT e.user_screen_name) AS authors
FROM twt_tweet_entity e
LEFT JOIN twt_tweet t ON t.id = e.tweet_id
WHERE e.kind = 'cashtag'
GROUP BY e.value, DATE_TRUNC('HOUR', e.created_at);

CREATE OR REPLACE VIEW twt_cashtag_daily AS
SELECT e.value AS cashtag,
       CAST(e.created_at AS DATE) AS day,
       COUNT(DISTINCT COALESCE(t.original_id, e.tweet_id)) AS posts,
       COUNT(DISTINCT e.user_screen_name) AS authors,
       COALESCE(SUM(t.tweet_retweet_count + t.tweet_reply_count + t.tweet_favorite_count + t.tweet_quote_count), 0)
           AS engagement
FROM twt_tweet_entity e
LEFT JOIN twt_tweet t ON t.id = e.tweet_id
WHERE e.kind = 'cashtag'
GROUP BY e.value, CAST(e.created_at AS DATE);

CREATE OR REPLACE VIEW twt_author AS
SELECT u.screen_name,
       u.username,
       u.user_id,
       u.verified,
       u.verified_type,
       u.user_followers_count,
       u.user_friends_count,
       u.user_listed_count,
       u.user_statuses_count,
       u.user_favourites_count,
       u.last_updated,
       COALESCE(p.posts, 0) AS posts,
       u.user_followers_count AS reach
FROM twt_user u
LEFT JOIN (SELECT user_screen_name, COUNT(DISTINCT COALESCE(original_id, id)) AS posts FROM twt_tweet GROUP BY user_screen_name) p
    ON p.user_screen_name = u.screen_name;

CREATE OR REPLACE VIEW twt_cashtag_verified_share AS
SELECT a.cashtag,
       COUNT(*) AS authors,
       COUNT(CASE WHEN u.verified = 'true' THEN 1 END) AS verified_authors,
       CAST(COUNT(CASE WHEN u.verified = 'true' THEN 1 END) AS DOUBLE) / COUNT(*) AS share
FROM (SELECT DISTINCT value AS cashtag, user_screen_name FROM twt_tweet_entity WHERE kind = 'cashtag') a
LEFT JOIN twt_user u ON u.screen_name = a.user_screen_name
GROUP BY a.cashtag;
