-- twt migration 4: where the rows that do not reach twt_user/twt_tweet go, instead of failing a
-- refresh or vanishing with their file.

-- Rows of twt_raw the refresh could not parse or type: one per file and row, with the reason
-- (the validator's codes: not_object, missing_field, invalid_id, invalid_timestamp, empty_string,
-- invalid_count, invalid_boolean), the record key concerned (or none) and the row's JSON text,
-- cut to 8192 characters. Written in the refresh's transaction, before its merges.
CREATE TABLE IF NOT EXISTS twt_raw_rejected (
    file_name STRING NOT NULL,
    file_row_number NUMBER NOT NULL,
    reason STRING NOT NULL,
    field STRING,
    raw STRING NOT NULL,
    load_time TIMESTAMP_LTZ NOT NULL,
    rejected_at TIMESTAMP_LTZ NOT NULL
);

-- Files the pipe loaded with errors (it loads with ON_ERROR = CONTINUE: the rows it cannot parse
-- are skipped, the others loaded), from INFORMATION_SCHEMA.COPY_HISTORY: one row per file and
-- load, recorded once by the Refresh function after its merges.
CREATE TABLE IF NOT EXISTS twt_load_error (
    file_name STRING NOT NULL,
    last_load_time TIMESTAMP_LTZ NOT NULL,
    status STRING,
    row_count NUMBER,
    row_parsed NUMBER,
    error_count NUMBER NOT NULL,
    first_error_message STRING,
    first_error_line_number NUMBER,
    first_error_column_name STRING,
    pipe_name STRING,
    recorded_at TIMESTAMP_LTZ NOT NULL
);
