-- Test-only migration after DuckDB's own: tables that answer like Snowflake's DESC INTEGRATION,
-- DESC STAGE and DESC PIPE, filled from the same placeholders as Snowflake's V002, so the
-- bootstrap service runs its one code path (migrate, compare, alter, describe) on DuckDB.

CREATE TABLE IF NOT EXISTS twt_standin_integration (
    integration VARCHAR NOT NULL,
    property VARCHAR NOT NULL,
    property_type VARCHAR NOT NULL,
    property_value VARCHAR,
    property_default VARCHAR
);

INSERT INTO twt_standin_integration
    SELECT * FROM (VALUES
        ('${integration}', 'ENABLED', 'Boolean', 'true', 'false'),
        ('${integration}', 'STORAGE_PROVIDER', 'String', 'S3', ''),
        ('${integration}', 'STORAGE_ALLOWED_LOCATIONS', 'List', 's3://${bucket}/validated/', '[]'),
        ('${integration}', 'STORAGE_BLOCKED_LOCATIONS', 'List', '', '[]'),
        ('${integration}', 'STORAGE_AWS_IAM_USER_ARN', 'String', 'arn:aws:iam::123456789001:user/abc1-b-self1234', ''),
        ('${integration}', 'STORAGE_AWS_ROLE_ARN', 'String', '${storage_role_arn}', ''),
        ('${integration}', 'STORAGE_AWS_EXTERNAL_ID', 'String', 'MYACCOUNT_SFCRole=2_a1b2c3d4e5f6g7h8i9j0=', ''),
        ('${integration}', 'COMMENT', 'String', '', '')
    ) AS v(integration, property, property_type, property_value, property_default)
    WHERE NOT EXISTS (SELECT 1 FROM twt_standin_integration WHERE integration = '${integration}');

CREATE TABLE IF NOT EXISTS twt_standin_stage (
    parent_property VARCHAR NOT NULL,
    property VARCHAR NOT NULL,
    property_type VARCHAR NOT NULL,
    property_value VARCHAR,
    property_default VARCHAR
);

INSERT INTO twt_standin_stage
    SELECT * FROM (VALUES
        ('STAGE_FILE_FORMAT', 'FORMAT_NAME', 'String', 'twt_ndjson', ''),
        ('STAGE_LOCATION', 'URL', 'String', '["s3://${bucket}/validated/"]', ''),
        ('STAGE_INTEGRATION', 'STORAGE_INTEGRATION', 'String', '${integration}', '')
    ) AS v(parent_property, property, property_type, property_value, property_default)
    WHERE NOT EXISTS (SELECT 1 FROM twt_standin_stage);

CREATE TABLE IF NOT EXISTS twt_standin_pipe (
    name VARCHAR NOT NULL,
    notification_channel VARCHAR,
    paused BOOLEAN NOT NULL
);

INSERT INTO twt_standin_pipe
    SELECT 'TWT_RAW_PIPE', 'arn:aws:sqs:us-east-1:123456789001:sf-snowpipe-AIDAEXAMPLE-abcdEFGH', FALSE
    WHERE NOT EXISTS (SELECT 1 FROM twt_standin_pipe);
