-- twt's refresh, for both engines. io.twt.core.sql.SqlCatalogue fills in the placeholders: column
-- lists from io.twt.core.record.RecordField, engine expressions from io.twt.core.sql.Dialect, the
-- compliance statements from compliance.sql (`twt sql --dialect snowflake|duckdb` prints the result). RefreshRunner sends the statements
-- in this order, one request each; `-- @name` names the statement that follows it.

-- @stream_has_data
-- Is there anything new? When not, the refresh stops here (no warehouse time).
${stream_has_data};

-- Outside the transaction: DDL commits implicitly in Snowflake.
-- @create_parsed
CREATE OR REPLACE TEMPORARY TABLE twt_parsed (
    file_name ${string},
    file_row_number ${number},
    load_time ${load_time},
    raw_text ${string},
    problem ${string},
    problem_field ${string},
    notice ${string},
    ${batch_column_types},
    ${entity_column_types}
);

-- @create_batch
CREATE OR REPLACE TEMPORARY TABLE twt_batch (
    ${batch_column_types}
);

-- @create_compliance_batch
${create_compliance_batch};

-- @create_compliance_posts
${create_compliance_posts};

-- @begin
-- One transaction: the stream's offset moves only if everything up to COMMIT succeeds.
BEGIN;

-- @parse_rows
-- The only statement that reads the stream: every row once, each field extracted as text, then
-- typed with conversions that give NULL rather than fail, then the row's first problem (the
-- validator's reason code and field) or NULL. No single row can fail the refresh. Only a row
-- with a problem keeps its raw text (reject_rows reads it): the others would carry every
-- record's text through the session for nothing; only a post without one keeps its entity arrays
-- (insert_entities reads them). A compliance notice (a record with "notice") has the notice rules
-- instead of the post rules; compliance_lines reads it.
INSERT INTO twt_parsed (file_name, file_row_number, load_time, raw_text, problem, problem_field, notice, ${batch_columns},
    ${entity_columns})
SELECT file_name, file_row_number, load_time, CASE WHEN problem IS NOT NULL THEN raw_text END AS raw_text,
       problem, problem_field, notice, ${batch_columns},
       ${kept_entity_values}
FROM (
    SELECT file_name, file_row_number, load_time, raw_text,
           CASE ${problem}
           END AS problem,
           CASE ${problem_field}
           END AS problem_field,
           text_notice AS notice,
           ${parsed_batch_values},
           ${entity_columns}
    FROM (
        SELECT *,
               ${typed_values}
        FROM (
            SELECT file_name, file_row_number, load_time, raw_text, ${checked_source_columns},
                   ${text_values},
                   ${entity_texts},
                   ${notice_text}
            FROM ${record_source}
        ) extracted
    ) checked
) judged;

-- @reject_rows
-- Rows with a problem, kept once per file and row (a file loaded again, or a re-run, adds nothing).
INSERT INTO twt_raw_rejected (file_name, file_row_number, reason, field, raw, load_time, rejected_at)
SELECT p.file_name, p.file_row_number, p.problem, p.problem_field, p.raw_text, p.load_time, CURRENT_TIMESTAMP
FROM twt_parsed p
WHERE p.problem IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM twt_raw_rejected r WHERE r.file_name = p.file_name AND r.file_row_number = p.file_row_number)
QUALIFY ROW_NUMBER() OVER (PARTITION BY p.file_name, p.file_row_number ORDER BY p.load_time) = 1;

-- @batch_rows
-- One row per post id, so that no MERGE sees two source rows for one key: each tweet counter the
-- greatest seen for the id, everything else from the id's latest observation.
INSERT INTO twt_batch (${batch_columns})
SELECT ${batch_values}
FROM twt_parsed
WHERE problem IS NULL AND notice IS NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY ${latest_first}) = 1;

-- @merge_users
-- The latest observation of each screen name; an older one never overwrites a newer profile.
MERGE INTO twt_user t
USING (
    SELECT * FROM twt_batch
    QUALIFY ROW_NUMBER() OVER (PARTITION BY screen_name ORDER BY ${latest_first}) = 1
) s
ON t.screen_name = s.screen_name
WHEN MATCHED AND ${newer_than_target} THEN UPDATE SET
        ${user_set}
WHEN NOT MATCHED THEN INSERT (screen_name, ${user_columns})
    VALUES (s.screen_name, ${user_values})${merge_report};

-- @merge_tweets
-- One row per id: new ids inserted, tweet counters raised to the greatest value seen.
MERGE INTO twt_tweet t
USING twt_batch s
ON t.id = s.id
WHEN MATCHED AND (${counter_greater}) THEN UPDATE SET
        ${counter_set}
WHEN NOT MATCHED THEN INSERT (${tweet_columns})
    VALUES (${tweet_values})${merge_report};

-- @insert_entities
-- One row per distinct entity of each post, from every observation of this refresh without a
-- problem (a re-delivery that matched another rule adds that rule); created_at and
-- user_screen_name from the post's latest observation. A key the table holds adds nothing, so
-- re-deliveries and re-runs add nothing; a record without entity keys adds no row.
INSERT INTO twt_tweet_entity (tweet_id, kind, value, created_at, user_screen_name)
SELECT e.tweet_id, e.kind, e.value, b.created_at, b.screen_name
FROM (
    SELECT DISTINCT tweet_id, kind, value
    FROM (
        SELECT tweet_id, kind,
               ${normalised_value} AS value
        FROM (
            ${entity_rows}
        ) elements
    ) entities
    WHERE value IS NOT NULL AND value <> ''
) e
JOIN twt_batch b ON b.id = e.tweet_id
WHERE NOT EXISTS (SELECT 1 FROM twt_tweet_entity t WHERE t.tweet_id = e.tweet_id AND t.kind = e.kind AND t.value = e.value);

-- @compliance_lines
-- After the merges, so that a notice wins over its post in the same refresh: this refresh's
-- compliance lines, one per kind and id, each a line of compliance.sql with action delete. They
-- are its notices without a problem (a post's notice names the post, user_withheld the user), and
-- the posts of this refresh that an earlier line removed, so that a notice that came before its
-- post still wins: a post whose id or original id was removed, and a post a removed user created
-- before the removal (a user back on X since keeps what they post after it). The statements from
-- here to after_merges run only when this one adds a line (RefreshRunner; in the task block, IF on
-- SQLROWCOUNT).
INSERT INTO twt_compliance_batch (line_number, kind, id, action, reason, created_at, redacted_at, source)
SELECT line_number, kind, id, action, reason, NULL, NULL, source
FROM (
    SELECT file_row_number AS line_number,
           CASE WHEN notice IN (${user_notices}) THEN 'user' ELSE 'tweet' END AS kind,
           CASE WHEN notice IN (${user_notices}) THEN user_id ELSE id END AS id,
           'delete' AS action,
           CASE ${notice_reasons}
           END AS reason,
           'stream ' || file_name AS source
    FROM twt_parsed
    WHERE notice IS NOT NULL AND problem IS NULL
    UNION ALL
    SELECT p.file_row_number, 'tweet', p.id, l.action, l.reason, 'stream ' || p.file_name
    FROM twt_parsed p JOIN twt_compliance_log l ON l.kind = 'tweet' AND l.id = p.id
    WHERE p.notice IS NULL
    UNION ALL
    SELECT p.file_row_number, 'tweet', p.id, l.action, l.reason, 'stream ' || p.file_name
    FROM twt_parsed p JOIN twt_compliance_log l ON l.kind = 'tweet' AND l.id = p.original_id
    WHERE p.notice IS NULL
    UNION ALL
    SELECT p.file_row_number, 'tweet', p.id, l.action, l.reason, 'stream ' || p.file_name
    FROM twt_parsed p JOIN twt_compliance_log l ON l.kind = 'user' AND l.id = p.user_id
    WHERE p.notice IS NULL AND p.created_at <= ${log_applied_at_utc}
) lines
QUALIFY ROW_NUMBER() OVER (PARTITION BY kind, id ORDER BY line_number) = 1;

-- @compliance_tweet_posts
${compliance_tweet_posts};

-- @compliance_user_posts
${compliance_user_posts};

-- @compliance_log
${compliance_log};

-- @compliance_delete_raw_rejected
${compliance_delete_raw_rejected};

-- @compliance_delete_raw
${compliance_delete_raw};

-- @compliance_delete_tweet_entities
${compliance_delete_tweet_entities};

-- @compliance_delete_tweets
${compliance_delete_tweets};

-- @compliance_delete_users
${compliance_delete_users};

-- @after_merges
-- Snowflake: record the files the pipe loaded with errors. DuckDB: move the emulated stream offset.
${after_merges};

-- @commit
COMMIT;
