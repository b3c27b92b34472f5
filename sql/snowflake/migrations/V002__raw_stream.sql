-- twt migration 2: the stream the refresh reads.
-- The integration, the stage on validated/ and the pipe are not here: they belong to the
-- stack (its bucket, its integration), so the bootstrap function reconciles them on every Create
-- and Update instead of creating them once (see BootstrapService).

-- New rows of twt_raw since the last committed refresh. Its offset moves only when a DML
-- statement that reads it commits: see refresh.sql.
CREATE STREAM IF NOT EXISTS twt_raw_stream
    ON TABLE twt_raw
    APPEND_ONLY = TRUE;
