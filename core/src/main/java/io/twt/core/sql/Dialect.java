package io.twt.core.sql;

/**
 * What differs between Snowflake and DuckDB in twt's SQL: JSON extraction, type names, and how the
 * append-only stream on {@code twt_raw} is read. Everything else is generated once.
 */
public enum Dialect {
    SNOWFLAKE {
        @Override public String text(String key) { return "raw:" + key + "::STRING"; }
        @Override public String integer(String key) { return "raw:" + key + "::NUMBER"; }
        @Override public String bool(String key) { return "raw:" + key + "::BOOLEAN"; }
        @Override public String timestampUtc(String key) {
            return "CONVERT_TIMEZONE('UTC', raw:" + key + "::TIMESTAMP_TZ)::TIMESTAMP_NTZ";
        }
        @Override public String stringType() { return "STRING"; }
        @Override public String numberType() { return "NUMBER"; }
        @Override public String idNumberType() { return "NUMBER(19,0)"; }
        @Override public String timestampType() { return "DATETIME"; }
        @Override public String streamRows() { return SqlCatalogue.STREAM + " WHERE METADATA$ACTION = 'INSERT'"; }
        @Override public String streamHasData() { return "SELECT SYSTEM$STREAM_HAS_DATA('" + SqlCatalogue.STREAM + "')"; }
    },
    DUCKDB {
        @Override public String text(String key) { return "(raw->>'" + key + "')"; }
        @Override public String integer(String key) { return "CAST(raw->>'" + key + "' AS BIGINT)"; }
        @Override public String bool(String key) { return "CAST(raw->>'" + key + "' AS BOOLEAN)"; }
        @Override public String timestampUtc(String key) {
            return "(CAST(raw->>'" + key + "' AS TIMESTAMPTZ) AT TIME ZONE 'UTC')";
        }
        @Override public String stringType() { return "VARCHAR"; }
        @Override public String numberType() { return "BIGINT"; }
        @Override public String idNumberType() { return "DECIMAL(19,0)"; }
        @Override public String timestampType() { return "TIMESTAMP"; }
        /** DuckDB has no streams: {@code twt_stream_offset} emulates the offset over {@code twt_raw.load_seq}. */
        @Override public String streamRows() {
            return SqlCatalogue.RAW + " WHERE load_seq > " + CONSUMED_SEQ;
        }
        @Override public String streamHasData() {
            return "SELECT EXISTS (SELECT 1 FROM " + streamRows() + ")";
        }
    };

    static final String CONSUMED_SEQ =
            "(SELECT consumed_seq FROM twt_stream_offset WHERE stream_name = '" + SqlCatalogue.STREAM + "')";

    /** The JSON key as a string. */
    public abstract String text(String key);

    /** The JSON key as an integer. */
    public abstract String integer(String key);

    /** The JSON key as a boolean (JSON booleans and "true"/"false"). */
    public abstract String bool(String key);

    /** The JSON key, an ISO-8601 date-time with an offset, as a UTC timestamp without zone. */
    public abstract String timestampUtc(String key);

    public abstract String stringType();

    public abstract String numberType();

    /** A type that holds any 19-digit id exactly, for ordering ids numerically. */
    public abstract String idNumberType();

    public abstract String timestampType();

    /** FROM-clause text for the new rows of twt_raw that the stream holds. */
    public abstract String streamRows();

    /** A query of one boolean column: does the stream hold anything new. */
    public abstract String streamHasData();
}
