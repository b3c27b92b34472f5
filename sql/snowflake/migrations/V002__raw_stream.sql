-- twt migration 2: the S3 stage on validated/, the auto-ingest pipe, and the stream the refresh reads.
-- ${integration}, ${storage_role_arn} and ${bucket} are filled in by the bootstrap function from
-- its properties, each checked first (identifier rules, an IAM role ARN, an S3 bucket name).

-- The trust runs from this integration's IAM user to the role named here (a role, not a user);
-- DESC INTEGRATION gives the STORAGE_AWS_IAM_USER_ARN and STORAGE_AWS_EXTERNAL_ID that the role's
-- trust policy needs.
CREATE STORAGE INTEGRATION IF NOT EXISTS ${integration}
    TYPE = EXTERNAL_STAGE
    STORAGE_PROVIDER = 'S3'
    ENABLED = TRUE
    STORAGE_AWS_ROLE_ARN = '${storage_role_arn}'
    STORAGE_ALLOWED_LOCATIONS = ('s3://${bucket}/validated/');

CREATE STAGE IF NOT EXISTS twt_validated_stage
    URL = 's3://${bucket}/validated/'
    STORAGE_INTEGRATION = ${integration}
    FILE_FORMAT = (FORMAT_NAME = 'twt_ndjson');

-- Loads each new object once (the pipe keeps a load history); SHOW PIPES gives the
-- notification_channel SQS ARN that the bucket notifies on validated/.
CREATE PIPE IF NOT EXISTS twt_raw_pipe
    AUTO_INGEST = TRUE
    AS
    COPY INTO twt_raw (raw, file_name, file_row_number, load_time)
    FROM (
        SELECT $1, METADATA$FILENAME, METADATA$FILE_ROW_NUMBER, CURRENT_TIMESTAMP()
        FROM @twt_validated_stage
    )
    FILE_FORMAT = (FORMAT_NAME = 'twt_ndjson');

-- New rows of twt_raw since the last committed refresh. Its offset moves only when a DML
-- statement that reads it commits: see refresh.sql.
CREATE STREAM IF NOT EXISTS twt_raw_stream
    ON TABLE twt_raw
    APPEND_ONLY = TRUE;
