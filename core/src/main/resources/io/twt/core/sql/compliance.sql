-- twt's compliance apply, for both engines: removes what compliance lines name and logs each line
-- in twt_compliance_log. The lines come from an X batch compliance result (ComplianceApplier binds
-- them into twt_compliance_batch) or from the refresh's stream notices (refresh.sql fills
-- twt_compliance_batch from the stream and runs the statements from tweet_posts to delete_users in
-- its own transaction). io.twt.core.sql.ComplianceSql fills in the placeholders from
-- io.twt.core.sql.Dialect (JSON extraction from twt_raw.raw, types, timestamp conversion); every
-- value is a bound parameter or comes from a table, never text. `-- @name` names the statement
-- that follows it.

-- Outside the transaction: DDL commits implicitly in Snowflake.
-- @create_batch
-- The lines, one per kind and id (the reader keeps the first line of an id), each with its source
-- (the job or file it came from).
CREATE OR REPLACE TEMPORARY TABLE twt_compliance_batch (
    line_number ${number},
    kind ${string},
    id ${string},
    action ${string},
    reason ${string},
    created_at ${string},
    redacted_at ${string},
    source ${string}
);

-- @create_posts
-- Each post to remove, with the kind and id of the line it is removed for (the post's own id, or
-- its user's).
CREATE OR REPLACE TEMPORARY TABLE twt_compliance_posts (
    subject_kind ${string},
    subject_id ${string},
    post_id ${string}
);

-- @insert_batch
INSERT INTO twt_compliance_batch (line_number, kind, id, action, reason, created_at, redacted_at, source)
VALUES (?, ?, ?, ?, ?, ?, ?, ?);

-- @begin
BEGIN;

-- @tweet_posts
-- The post and every other version of it: deleting any version of an edited post deletes the whole
-- chain on X (https://docs.x.com/x-api/fundamentals/edit-posts), and each version has its own id,
-- joined by original_id (the first version's).
INSERT INTO twt_compliance_posts (subject_kind, subject_id, post_id)
SELECT kind, id, id FROM twt_compliance_batch WHERE kind = 'tweet'
UNION
SELECT b.kind, b.id, t.id
FROM twt_compliance_batch b JOIN twt_tweet d ON d.id = b.id
    JOIN twt_tweet t ON COALESCE(t.original_id, t.id) = COALESCE(d.original_id, d.id)
WHERE b.kind = 'tweet'
UNION
SELECT b.kind, b.id, t.id
FROM twt_compliance_batch b JOIN twt_tweet t ON t.original_id = b.id
WHERE b.kind = 'tweet'
UNION
SELECT b.kind, b.id, ${raw_id}
FROM twt_compliance_batch b LEFT JOIN twt_tweet d ON d.id = b.id
    JOIN twt_raw r ON ${raw_original_id} = COALESCE(d.original_id, b.id)
WHERE b.kind = 'tweet' AND ${raw_id} IS NOT NULL;

-- @user_posts
-- A user's posts: those that carry the user id, and those without a user id (records from before
-- user_id was recorded) under a screen name that twt_user holds for that user id. twt_raw is
-- searched too, for the posts that never reached twt_tweet (rejected, or not refreshed yet).
INSERT INTO twt_compliance_posts (subject_kind, subject_id, post_id)
SELECT b.kind, b.id, t.id
FROM twt_compliance_batch b JOIN twt_tweet t ON t.user_id = b.id
WHERE b.kind = 'user'
UNION
SELECT b.kind, b.id, t.id
FROM twt_compliance_batch b JOIN twt_user u ON u.user_id = b.id
    JOIN twt_tweet t ON t.user_id IS NULL AND t.user_screen_name = u.screen_name
WHERE b.kind = 'user'
UNION
SELECT b.kind, b.id, ${raw_id}
FROM twt_compliance_batch b JOIN twt_raw r ON ${raw_user_id} = b.id
WHERE b.kind = 'user' AND ${raw_id} IS NOT NULL
UNION
SELECT b.kind, b.id, ${raw_id}
FROM twt_compliance_batch b JOIN twt_user u ON u.user_id = b.id
    JOIN twt_raw r ON ${raw_user_id} IS NULL AND ${raw_screenname} = u.screen_name
WHERE b.kind = 'user' AND ${raw_id} IS NOT NULL;

-- @log
-- One row per line, with the rows it removes from each table, counted before the deletes below. A
-- line that removes nothing is logged only the first time its kind, id and reason are seen:
-- applying the same lines again adds no row.
INSERT INTO twt_compliance_log (kind, id, action, reason, created_at, redacted_at, applied_at, source,
    tweets_removed, tweet_entities_removed, raw_removed, raw_rejected_removed, users_removed)
SELECT kind, id, action, reason, ${created_at_utc}, ${redacted_at_utc}, CURRENT_TIMESTAMP, source,
    tweets_removed, tweet_entities_removed, raw_removed, raw_rejected_removed, users_removed
FROM (
    SELECT b.kind, b.id, b.action, b.reason, b.created_at, b.redacted_at, b.source,
           COALESCE(tw.n, 0) AS tweets_removed,
           COALESCE(en.n, 0) AS tweet_entities_removed,
           COALESCE(rw.n, 0) AS raw_removed,
           COALESCE(rj.n, 0) AS raw_rejected_removed,
           COALESCE(us.n, 0) AS users_removed
    FROM twt_compliance_batch b
    LEFT JOIN (SELECT p.subject_kind, p.subject_id, COUNT(*) AS n FROM twt_compliance_posts p JOIN twt_tweet t ON t.id = p.post_id
               GROUP BY p.subject_kind, p.subject_id) tw ON tw.subject_kind = b.kind AND tw.subject_id = b.id
    LEFT JOIN (SELECT p.subject_kind, p.subject_id, COUNT(*) AS n FROM twt_compliance_posts p JOIN twt_tweet_entity e ON e.tweet_id = p.post_id
               GROUP BY p.subject_kind, p.subject_id) en ON en.subject_kind = b.kind AND en.subject_id = b.id
    LEFT JOIN (SELECT p.subject_kind, p.subject_id, COUNT(*) AS n FROM twt_compliance_posts p JOIN twt_raw r ON ${raw_id} = p.post_id
               GROUP BY p.subject_kind, p.subject_id) rw ON rw.subject_kind = b.kind AND rw.subject_id = b.id
    LEFT JOIN (SELECT p.subject_kind, p.subject_id, COUNT(*) AS n FROM twt_compliance_posts p JOIN twt_raw r ON ${raw_id} = p.post_id
                   JOIN twt_raw_rejected x ON x.file_name = r.file_name AND x.file_row_number = r.file_row_number
               GROUP BY p.subject_kind, p.subject_id) rj ON rj.subject_kind = b.kind AND rj.subject_id = b.id
    LEFT JOIN (SELECT u.user_id AS subject_id, COUNT(*) AS n FROM twt_user u
               WHERE u.user_id IN (SELECT id FROM twt_compliance_batch WHERE kind = 'user')
               GROUP BY u.user_id) us ON b.kind = 'user' AND us.subject_id = b.id
) counted
WHERE tweets_removed + tweet_entities_removed + raw_removed + raw_rejected_removed + users_removed > 0
    OR NOT EXISTS (SELECT 1 FROM twt_compliance_log l
                   WHERE l.kind = counted.kind AND l.id = counted.id AND l.reason = counted.reason);

-- @removed_posts
-- What the object stores must drop too: the posts' ids ...
SELECT DISTINCT post_id FROM twt_compliance_posts;

-- @removed_screen_names
-- ... and, for users, the screen names of their twt_user rows (a record without user_id names its
-- user only so).
SELECT DISTINCT u.screen_name
FROM twt_user u JOIN twt_compliance_batch b ON u.user_id = b.id
WHERE b.kind = 'user';

-- @delete_raw_rejected
-- A rejected row is a row of twt_raw (same file and row): matched through it, so before twt_raw.
DELETE FROM twt_raw_rejected
WHERE EXISTS (SELECT 1 FROM twt_raw r JOIN twt_compliance_posts p ON ${raw_id} = p.post_id
              WHERE r.file_name = twt_raw_rejected.file_name AND r.file_row_number = twt_raw_rejected.file_row_number);

-- @delete_raw
DELETE FROM twt_raw
WHERE ${raw_id_unqualified} IN (SELECT post_id FROM twt_compliance_posts);

-- @delete_tweet_entities
DELETE FROM twt_tweet_entity
WHERE tweet_id IN (SELECT post_id FROM twt_compliance_posts);

-- @delete_tweets
DELETE FROM twt_tweet
WHERE id IN (SELECT post_id FROM twt_compliance_posts);

-- @delete_users
DELETE FROM twt_user
WHERE user_id IN (SELECT id FROM twt_compliance_batch WHERE kind = 'user');

-- @commit
COMMIT;

-- The Compliance function's questions, outside any transaction: which ids to send X.
-- @stored_post_ids
-- Every post twt holds: merged, or only in twt_raw (not refreshed yet, or rejected, whose text
-- twt_raw_rejected keeps).
SELECT id FROM twt_tweet
UNION
SELECT ${raw_id_unqualified} FROM twt_raw WHERE ${raw_id_is_id};

-- @stored_user_ids
-- Every user twt holds a profile or a post of.
SELECT user_id FROM twt_user WHERE user_id IS NOT NULL
UNION
SELECT ${raw_user_id_unqualified} FROM twt_raw WHERE ${raw_user_id_is_id};

-- The Compliance function's pruning, before its jobs: the rows loaded before the storage horizon
-- (the bound time; validated/, which a reload reads, expires at the same age) leave twt_raw, and
-- with them their rejected copies. A removed row's stream offset is already past it.
-- @prune_raw_rejected
DELETE FROM twt_raw_rejected WHERE load_time < ?;

-- @prune_raw
DELETE FROM twt_raw WHERE load_time < ?;
