package io.twt.core.sql;

import io.twt.core.sql.RefreshResult.MergeCounts;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * What differs between Snowflake and DuckDB in twt's SQL: JSON extraction, the error-handling
 * conversions, how an entity array is expanded into rows, type names, how the append-only stream
 * on {@code twt_raw} is read, how a MERGE reports its counts, and what the refresh does after the
 * merges. Everything else is written once, in the refresh template (see {@link SqlCatalogue}).
 *
 * <p>Every conversion here returns NULL rather than failing on a value it cannot convert, so that
 * one bad row never fails a refresh: the catalogue routes a row with a NULL where its field needed
 * a value to {@code twt_raw_rejected} instead (the template's {@code parse_rows}).
 */
public enum Dialect {
    SNOWFLAKE {
        // Casting a VARIANT to STRING gives the string itself, or the JSON text of a number or
        // boolean; a JSON null or an absent key gives NULL. No conversion can fail here.
        @Override public String text(String key, int position) { return "raw:" + key + "::STRING"; }
        // TRY_TO_NUMBER takes a string expression and returns NULL when it cannot convert it
        // (https://docs.snowflake.com/en/sql-reference/functions/try_to_decimal). It rounds "1.5"
        // to 2 at scale 0, so the digits are checked first; NUMBER(38,0) is then bounded to BIGINT's range.
        @Override public String tryCount(String text) {
            return "CASE WHEN " + digits(text) + " AND TRY_TO_NUMBER(" + text + ") <= " + Long.MAX_VALUE
                    + " THEN TRY_TO_NUMBER(" + text + ") END";
        }
        // TRY_TO_TIMESTAMP_TZ takes a string expression and returns NULL when it cannot convert it
        // (https://docs.snowflake.com/sql-reference/functions/try_to_timestamp); converting a
        // TIMESTAMP_TZ to UTC and dropping the zone cannot fail.
        @Override public String tryTimestampUtc(String text) {
            return "CONVERT_TIMEZONE('UTC', TRY_TO_TIMESTAMP_TZ(" + text + "))::TIMESTAMP_NTZ";
        }
        // CONVERT_TIMEZONE with a target zone only converts a TIMESTAMP_LTZ to that zone as a TIMESTAMP_TZ
        // (https://docs.snowflake.com/en/sql-reference/functions/convert_timezone), whatever the session's
        // TIMEZONE: a serverless task's session need not have the driver's UTC.
        @Override public String instantUtc(String instant) {
            return "CONVERT_TIMEZONE('UTC', " + instant + ")::TIMESTAMP_NTZ";
        }
        // REGEXP_LIKE matches the whole subject: the pattern is implicitly anchored at both ends
        // (https://docs.snowflake.com/sql-reference/functions/regexp_like.html, usage notes).
        @Override public String digits(String text) { return "REGEXP_LIKE(" + text + ", '[0-9]{1,19}')"; }
        /** COPY parsed every row of twt_raw (a row it cannot parse is a load error, not a row): never "not JSON". */
        @Override public String notJson() { return null; }
        @Override public String notObject() { return "NOT IS_OBJECT(raw)"; }
        @Override public String rawKey(String rawColumn, String key) { return rawColumn + ":" + key + "::STRING"; }
        // TO_JSON gives the JSON text of any VARIANT (as Snowpark's to_json, which calls it, documents:
        // https://docs.snowflake.com/developer-guide/snowpark/reference/python/1.3.0/api/snowflake.snowpark.functions.to_json).
        @Override public String recordSource(List<String> keys) {
            return "(SELECT file_name, file_row_number, load_time, LEFT(TO_JSON(raw), " + SqlCatalogue.RAW_TEXT_LIMIT
                    + ") AS raw_text, raw FROM " + streamRows() + ") stream_rows";
        }
        // The entity key's VARIANT only when it is an array (IS_ARRAY is true when the VARIANT holds
        // an ARRAY, as Snowpark's is_array, which calls it, documents:
        // https://docs.snowflake.com/en/developer-guide/snowpark/reference/python/1.4.0/api/snowflake.snowpark.functions.is_array),
        // so that FLATTEN never expands an object's values; NULL when absent.
        @Override public String entityArray(String key, int position) {
            return "CASE WHEN IS_ARRAY(raw:" + key + ") THEN raw:" + key + " END";
        }
        @Override public String entityArrayType() { return "VARIANT"; }
        // FLATTEN gives one row per array element, its VALUE column the element; a NULL input
        // gives no row (OUTER => FALSE, the default): https://docs.snowflake.com/sql-reference/functions/flatten.html
        @Override public String entityElements(String array) { return "LATERAL FLATTEN(INPUT => " + array + ") f"; }
        // AS_VARCHAR gives a string element as itself and NULL for any other element, never an
        // error (https://docs.snowflake.com/sql-reference/functions/as_char-varchar); the refresh leaves NULLs out.
        @Override public String entityElement() { return "AS_VARCHAR(f.value)"; }
        @Override public String stringType() { return "STRING"; }
        @Override public String numberType() { return "NUMBER"; }
        @Override public String idNumberType() { return "NUMBER(19,0)"; }
        @Override public String timestampType() { return "DATETIME"; }
        @Override public String loadTimeType() { return "TIMESTAMP_LTZ"; }
        @Override public String streamRows() { return SqlCatalogue.STREAM + " WHERE METADATA$ACTION = 'INSERT'"; }
        @Override public String streamHasData() { return "SELECT SYSTEM$STREAM_HAS_DATA('" + SqlCatalogue.STREAM + "')"; }
        @Override public String checkedColumns() { return "raw"; }
        /** Snowflake's MERGE returns its counts as a one-row result by itself. */
        @Override public String mergeReport() { return ""; }
        /** One row whose columns are named after the actions the statement has; a column is absent when its clause is. */
        @Override public MergeCounts mergeCounts(ResultSet rs) throws SQLException {
            if (!rs.next()) {
                throw new SQLException("MERGE returned no result row; expected \"" + SNOWFLAKE_INSERTED + "\" and \"" + SNOWFLAKE_UPDATED + "\"");
            }
            ResultSetMetaData md = rs.getMetaData();
            int insertedColumn = 0;
            int updatedColumn = 0;
            StringBuilder labels = new StringBuilder();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String label = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
                labels.append(i > 1 ? ", " : "").append('"').append(md.getColumnLabel(i)).append('"');
                if (label.equals(SNOWFLAKE_INSERTED)) {
                    insertedColumn = i;
                } else if (label.equals(SNOWFLAKE_UPDATED)) {
                    updatedColumn = i;
                }
            }
            if (insertedColumn == 0 && updatedColumn == 0) {
                throw new SQLException("MERGE result has columns " + labels + "; expected \"" + SNOWFLAKE_INSERTED
                        + "\" and/or \"" + SNOWFLAKE_UPDATED + "\"");
            }
            return new MergeCounts(insertedColumn == 0 ? 0 : rs.getLong(insertedColumn), updatedColumn == 0 ? 0 : rs.getLong(updatedColumn));
        }
        /**
         * Records in twt_load_error each file the pipe loaded with errors that it does not hold
         * yet. The pipe loads with {@code ON_ERROR = CONTINUE}, so a row Snowflake cannot parse is
         * skipped rather than the file, and for JSON the rest of that file after the row is
         * skipped too; Snowpipe sends no error notification then. INFORMATION_SCHEMA.COPY_HISTORY
         * keeps 14 days of Snowpipe loads with their ERROR_COUNT and first error
         * (https://docs.snowflake.com/sql-reference/functions/copy_history.html); the window read
         * is 13 days so that START_TIME stays inside it whatever the clocks say. A file is one row
         * per load time, so a re-run records nothing twice.
         */
        @Override public String afterMerges() {
            return "INSERT INTO " + SqlCatalogue.LOAD_ERROR + " (file_name, last_load_time, status, row_count, row_parsed, error_count,\n"
                    + "    first_error_message, first_error_line_number, first_error_column_name, pipe_name, recorded_at)\n"
                    + "SELECT h.file_name, h.last_load_time, h.status, h.row_count, h.row_parsed, h.error_count,\n"
                    + "    LEFT(h.first_error_message, " + SqlCatalogue.RAW_TEXT_LIMIT + "), h.first_error_line_number,"
                    + " h.first_error_column_name, h.pipe_name, CURRENT_TIMESTAMP\n"
                    + "FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => '" + SqlCatalogue.RAW.toUpperCase(Locale.ROOT)
                    + "', START_TIME => DATEADD('day', -13, CURRENT_TIMESTAMP))) h\n"
                    + "WHERE h.error_count > 0\n"
                    + "    AND NOT EXISTS (SELECT 1 FROM " + SqlCatalogue.LOAD_ERROR
                    + " e WHERE e.file_name = h.file_name AND e.last_load_time = h.last_load_time)";
        }
        /** The rows {@link #afterMerges()} inserted: one per file. */
        @Override public long loadErrorFiles(long afterMergesCount) { return afterMergesCount; }
    },
    DUCKDB {
        // DuckDB's JSON is text: one multi-path extraction parses each document once (about 3x
        // faster than one ->> per field), and the fields are then taken from the list j by position.
        @Override public String text(String key, int position) { return "j[" + position + "]"; }
        // TRY_CAST rounds '1.5' to 2 for BIGINT and gives NULL beyond BIGINT's range: the digits are checked first.
        @Override public String tryCount(String text) {
            return "CASE WHEN " + digits(text) + " THEN TRY_CAST(" + text + " AS BIGINT) END";
        }
        @Override public String tryTimestampUtc(String text) {
            return "(TRY_CAST(" + text + " AS TIMESTAMPTZ) AT TIME ZONE 'UTC')";
        }
        @Override public String digits(String text) { return "regexp_full_match(" + text + ", '[0-9]{1,19}')"; }
        /** twt's DuckDB tables hold instants as TIMESTAMP in UTC (twt local's sessions are UTC). */
        @Override public String instantUtc(String instant) { return instant; }
        /** twt_raw.raw is loaded with an appender, which does not check that the text is JSON. */
        @Override public String notJson() { return "NOT is_json"; }
        @Override public String notObject() { return "NOT is_object"; }
        /** json_extract_string fails on text that is not JSON, which twt_raw can hold (see {@link #notJson()}). */
        @Override public String rawKey(String rawColumn, String key) {
            return "CASE WHEN json_valid(" + rawColumn + ") THEN json_extract_string(" + rawColumn + ", '$." + key + "') END";
        }
        /**
         * Only valid JSON reaches json_extract_string and json_type (both fail on anything else;
         * CASE evaluates a branch only for the rows it selects): other rows extract from '{}'.
         */
        @Override public String recordSource(List<String> keys) {
            StringJoiner paths = new StringJoiner(", ", "[", "]");
            for (String k : keys) {
                paths.add("'$." + k + "'");
            }
            return "(SELECT file_name, file_row_number, load_time, LEFT(CAST(raw AS VARCHAR), " + SqlCatalogue.RAW_TEXT_LIMIT
                    + ") AS raw_text,\n    json_valid(raw) AS is_json,"
                    + " CASE WHEN json_valid(raw) THEN json_type(raw) = 'OBJECT' ELSE false END AS is_object,"
                    + "\n    json_extract_string(CASE WHEN json_valid(raw) THEN raw ELSE '{}' END, " + paths + ") AS j"
                    + "\nFROM " + streamRows() + ") stream_rows";
        }
        /** The array's JSON text: json_extract_string gives a non-string value's JSON text. */
        @Override public String entityArray(String key, int position) { return text(key, position); }
        @Override public String entityArrayType() { return "VARCHAR"; }
        /**
         * The elements of a JSON array, each as JSON; a value that is not an array (TRY_CAST gives
         * NULL) or NULL gives no row. A JSON string whose text is an array would pass too, but the
         * record rules refuse an entity key that is not an array before it is loaded.
         */
        @Override public String entityElements(String array) {
            return "unnest(TRY_CAST(TRY_CAST(" + array + " AS JSON) AS JSON[])) AS f(value)";
        }
        /** A string element as itself, NULL for any other element (as Snowflake's AS_VARCHAR). */
        @Override public String entityElement() { return "CASE WHEN json_type(f.value) = 'VARCHAR' THEN f.value ->> '$' END"; }
        @Override public String stringType() { return "VARCHAR"; }
        @Override public String numberType() { return "BIGINT"; }
        /** HUGEINT holds every 19-digit id exactly; casting text to DECIMAL is far slower in DuckDB. */
        @Override public String idNumberType() { return "HUGEINT"; }
        @Override public String timestampType() { return "TIMESTAMP"; }
        @Override public String loadTimeType() { return "TIMESTAMP"; }
        /** DuckDB has no streams: {@code twt_stream_offset} emulates the offset over {@code twt_raw.load_seq}. */
        @Override public String streamRows() {
            return SqlCatalogue.RAW + " WHERE load_seq > " + CONSUMED_SEQ;
        }
        @Override public String streamHasData() {
            return "SELECT EXISTS (SELECT 1 FROM " + streamRows() + ")";
        }
        @Override public String checkedColumns() { return "is_json, is_object"; }
        @Override public String mergeReport() { return " RETURNING merge_action"; }
        /** One row per changed target row, its merge_action. */
        @Override public MergeCounts mergeCounts(ResultSet rs) throws SQLException {
            long inserted = 0;
            long updated = 0;
            while (rs.next()) {
                String action = rs.getString(1);
                if ("INSERT".equals(action)) {
                    inserted++;
                } else if ("UPDATE".equals(action)) {
                    updated++;
                } else {
                    throw new SQLException("MERGE returned merge_action " + action + "; the refresh's merges only insert and update");
                }
            }
            return new MergeCounts(inserted, updated);
        }
        /** What a Snowflake stream does on commit; in the same transaction as the merges. */
        @Override public String afterMerges() {
            return "UPDATE " + SqlCatalogue.STREAM_OFFSET + " SET consumed_seq = (SELECT COALESCE(MAX(load_seq), consumed_seq) FROM "
                    + SqlCatalogue.RAW + ") WHERE stream_name = '" + SqlCatalogue.STREAM + "'";
        }
        /** DuckDB has no pipe. */
        @Override public long loadErrorFiles(long afterMergesCount) { return 0; }
    };

    /** Column labels of the one-row result of a Snowflake MERGE. */
    static final String SNOWFLAKE_INSERTED = "number of rows inserted";
    static final String SNOWFLAKE_UPDATED = "number of rows updated";

    static final String CONSUMED_SEQ =
            "(SELECT consumed_seq FROM " + SqlCatalogue.STREAM_OFFSET + " WHERE stream_name = '" + SqlCatalogue.STREAM + "')";

    /**
     * The record key (at 1-based {@code position} in the record source's key list) as a string:
     * NULL when the key is absent or JSON null, the JSON text of a number or boolean.
     */
    public abstract String text(String key, int position);

    /** The string {@code text} as an integer in 0..{@value Long#MAX_VALUE} when it is 1 to 19 digits, else NULL. */
    public abstract String tryCount(String text);

    /** The string {@code text}, an ISO-8601 date-time with an offset, as a UTC timestamp without zone; NULL when it is none. */
    public abstract String tryTimestampUtc(String text);

    /**
     * The value of a column that holds an instant ({@link #loadTimeType()}, twt_compliance_log.applied_at)
     * as a UTC timestamp without zone, comparable with the record's typed timestamps.
     */
    public abstract String instantUtc(String instant);

    /** True when the string {@code text} is 1 to 19 ASCII digits and nothing else. */
    public abstract String digits(String text);

    /** A condition on a record-source row: its raw text is not JSON; null when the engine cannot hold such a row. */
    public abstract String notJson();

    /** A condition on a record-source row: its JSON is not an object. */
    public abstract String notObject();

    /**
     * The record key {@code key} of {@code rawColumn} (twt_raw.raw, or an alias's) as a string, as
     * {@link #text} gives it; NULL when the key is absent or JSON null, or the row is not JSON. For
     * statements over all of twt_raw rather than the stream (the compliance apply).
     */
    public abstract String rawKey(String rawColumn, String key);

    /**
     * FROM-clause text giving one row per new record of the stream: {@code file_name},
     * {@code file_row_number}, {@code load_time}, {@code raw_text} (the row's text, cut to
     * {@value SqlCatalogue#RAW_TEXT_LIMIT} characters), what {@link #notJson()} and
     * {@link #notObject()} test, and what {@link #text} extracts from.
     */
    public abstract String recordSource(List<String> keys);

    /**
     * The record key (at 1-based {@code position} in the record source's key list) when it holds a
     * JSON array, as a value of {@link #entityArrayType()}; NULL when it is absent or JSON null.
     */
    public abstract String entityArray(String key, int position);

    /** The type of a twt_parsed column that holds an {@link #entityArray}. */
    public abstract String entityArrayType();

    /**
     * A FROM-clause item, lateral to the table before it, giving one row per element of the
     * {@link #entityArray} {@code array}: none when it is NULL or not an array.
     */
    public abstract String entityElements(String array);

    /** The element of an {@link #entityElements} row as a string. */
    public abstract String entityElement();

    public abstract String stringType();

    public abstract String numberType();

    /** A type that holds any 19-digit id exactly, for ordering ids numerically. */
    public abstract String idNumberType();

    public abstract String timestampType();

    /** The type of twt_raw.load_time. */
    public abstract String loadTimeType();

    /** FROM-clause text for the new rows of twt_raw that the stream holds. */
    public abstract String streamRows();

    /** A query of one boolean column: does the stream hold anything new. */
    public abstract String streamHasData();

    /** The columns of a record-source row that {@link #notJson()} and {@link #notObject()} test. */
    public abstract String checkedColumns();

    /** What a MERGE ends with so that it reports what it did (see {@link #mergeCounts}). */
    public abstract String mergeReport();

    /** The inserted and updated rows of a MERGE that ends with {@link #mergeReport()}, from its result. */
    public abstract MergeCounts mergeCounts(ResultSet rs) throws SQLException;

    /** The statement the refresh transaction runs after both merges. */
    public abstract String afterMerges();

    /** {@link RefreshResult#loadErrorFiles()}, from the update count of {@link #afterMerges()}. */
    public abstract long loadErrorFiles(long afterMergesCount);
}
