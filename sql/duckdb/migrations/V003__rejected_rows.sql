-- twt local migration 3: the refresh's rejected rows, with the columns of Snowflake's migration 4.
-- (twt_load_error is Snowflake's only: the local loader has no COPY and its load errors.)

CREATE TABLE IF NOT EXISTS twt_raw_rejected (
    file_name VARCHAR NOT NULL,
    file_row_number BIGINT NOT NULL,
    reason VARCHAR NOT NULL,
    field VARCHAR,
    raw VARCHAR NOT NULL,
    load_time TIMESTAMP NOT NULL,
    rejected_at TIMESTAMP NOT NULL
);
