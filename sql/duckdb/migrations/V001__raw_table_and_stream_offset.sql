-- twt local migration 1: DuckDB's stand-ins for what Snowpipe and the stream do in Snowflake.

-- One row per validated record, with the object and line it came from. load_seq numbers the loads,
-- so the stream can be emulated by an offset over it.
CREATE TABLE IF NOT EXISTS twt_raw (
    raw JSON NOT NULL,
    file_name VARCHAR NOT NULL,
    file_row_number BIGINT NOT NULL,
    load_time TIMESTAMP NOT NULL,
    load_seq BIGINT NOT NULL
);

-- The pipe's load history: an object is loaded once.
CREATE TABLE IF NOT EXISTS twt_load_history (
    file_name VARCHAR NOT NULL PRIMARY KEY,
    row_count BIGINT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

-- The append-only stream's offset: rows with a greater load_seq are new.
CREATE TABLE IF NOT EXISTS twt_stream_offset (
    stream_name VARCHAR NOT NULL PRIMARY KEY,
    consumed_seq BIGINT NOT NULL
);

INSERT INTO twt_stream_offset
    SELECT 'twt_raw_stream', 0
    WHERE NOT EXISTS (SELECT 1 FROM twt_stream_offset WHERE stream_name = 'twt_raw_stream');
