-- What a Snowflake account has before twt's Bootstrap runs, for the DuckDB stand-in: tables that
-- answer like SHOW STAGES, SHOW PIPES, SHOW TASKS and DESC INTEGRATION, in Snowflake's column names. They are
-- the catalog, not twt's objects: an object exists when its row does, and a drop deletes the row.

CREATE TABLE IF NOT EXISTS twt_standin_integration (
    integration VARCHAR NOT NULL,
    property VARCHAR NOT NULL,
    property_type VARCHAR NOT NULL,
    property_value VARCHAR,
    property_default VARCHAR
);

CREATE TABLE IF NOT EXISTS twt_standin_stage (
    name VARCHAR NOT NULL PRIMARY KEY,
    url VARCHAR NOT NULL,
    storage_integration VARCHAR NOT NULL,
    comment VARCHAR
);

-- bound_url: the stage location whose notification channel the pipe was bound to when created.
CREATE TABLE IF NOT EXISTS twt_standin_pipe (
    name VARCHAR NOT NULL PRIMARY KEY,
    definition VARCHAR NOT NULL,
    notification_channel VARCHAR,
    bound_url VARCHAR NOT NULL,
    paused BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS twt_standin_task (
    name VARCHAR NOT NULL PRIMARY KEY,
    comment VARCHAR NOT NULL,
    state VARCHAR NOT NULL,
    definition VARCHAR NOT NULL,
    error_integration VARCHAR
);
