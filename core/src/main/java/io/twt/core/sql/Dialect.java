package io.twt.core.sql;

import java.util.List;
import java.util.StringJoiner;

/**
 * What differs between Snowflake and DuckDB in twt's SQL: JSON extraction, type names, and how the
 * append-only stream on {@code twt_raw} is read. Everything else is generated once.
 */
public enum Dialect {
    SNOWFLAKE {
        @Override public String text(String key, int position) { return "raw:" + key + "::STRING"; }
        @Override public String integer(String key, int position) { return "raw:" + key + "::NUMBER"; }
        @Override public String bool(String key, int position) { return "raw:" + key + "::BOOLEAN"; }
        @Override public String timestampUtc(String key, int position) {
            return "CONVERT_TIMEZONE('UTC', raw:" + key + "::TIMESTAMP_TZ)::TIMESTAMP_NTZ";
        }
        @Override public String recordSource(List<String> keys) { return streamRows(); }
        @Override public String stringType() { return "STRING"; }
        @Override public String numberType() { return "NUMBER"; }
        @Override public String idNumberType() { return "NUMBER(19,0)"; }
        @Override public String timestampType() { return "DATETIME"; }
        @Override public String streamRows() { return SqlCatalogue.STREAM + " WHERE METADATA$ACTION = 'INSERT'"; }
        @Override public String streamHasData() { return "SELECT SYSTEM$STREAM_HAS_DATA('" + SqlCatalogue.STREAM + "')"; }
    },
    DUCKDB {
        // DuckDB's JSON is text: one multi-path extraction parses each document once (about 3x
        // faster than one ->> per field), and the fields are then taken from the list j by position.
        @Override public String text(String key, int position) { return "j[" + position + "]"; }
        @Override public String integer(String key, int position) { return "CAST(j[" + position + "] AS BIGINT)"; }
        @Override public String bool(String key, int position) { return "CAST(j[" + position + "] AS BOOLEAN)"; }
        @Override public String timestampUtc(String key, int position) {
            return "(CAST(j[" + position + "] AS TIMESTAMPTZ) AT TIME ZONE 'UTC')";
        }
        @Override public String recordSource(List<String> keys) {
            StringJoiner paths = new StringJoiner(", ", "[", "]");
            for (String k : keys) {
                paths.add("'$." + k + "'");
            }
            return "(SELECT json_extract_string(raw, " + paths + ") AS j FROM " + streamRows() + ") stream_rows";
        }
        @Override public String stringType() { return "VARCHAR"; }
        @Override public String numberType() { return "BIGINT"; }
        /** HUGEINT holds every 19-digit id exactly; casting text to DECIMAL is far slower in DuckDB. */
        @Override public String idNumberType() { return "HUGEINT"; }
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

    /** The record key (at 1-based {@code position} in the record source's key list) as a string. */
    public abstract String text(String key, int position);

    /** The record key as an integer. */
    public abstract String integer(String key, int position);

    /** The record key as a boolean (JSON booleans and "true"/"false"). */
    public abstract String bool(String key, int position);

    /** The record key, an ISO-8601 date-time with an offset, as a UTC timestamp without zone. */
    public abstract String timestampUtc(String key, int position);

    /** FROM-clause text giving one row per new record of the stream, from which the keys are extracted. */
    public abstract String recordSource(List<String> keys);

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
