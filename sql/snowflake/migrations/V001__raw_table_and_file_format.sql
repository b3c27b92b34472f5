-- twt migration 1: where Snowpipe lands validated records.
-- Runs in the database and schema of the bootstrap connection. Never replaced: IF NOT EXISTS only.

-- Firehose writes gzip NDJSON: one JSON object per line.
CREATE FILE FORMAT IF NOT EXISTS twt_ndjson
    TYPE = JSON
    COMPRESSION = AUTO
    STRIP_OUTER_ARRAY = FALSE
    IGNORE_UTF8_ERRORS = FALSE;

-- One row per validated record, with the object and line it came from.
CREATE TABLE IF NOT EXISTS twt_raw (
    raw VARIANT NOT NULL,
    file_name STRING NOT NULL,
    file_row_number NUMBER NOT NULL,
    load_time TIMESTAMP_LTZ NOT NULL DEFAULT CURRENT_TIMESTAMP()
);
