-- twt local migration 7: the analysts' views, with the statements of Snowflake's migration 9 (see
-- there for what each column means; SqlFilesTest checks that the statements are the same).

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
