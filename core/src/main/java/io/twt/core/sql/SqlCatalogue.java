package io.twt.core.sql;

import io.twt.core.record.RecordField;
import io.twt.core.validate.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * twt's refresh SQL for one dialect, generated from {@link RecordField}.
 *
 * <p>A refresh is: {@link #setup()} outside any transaction (Snowflake commits around DDL, so the
 * temporary tables must exist before the transaction starts), then {@link #transaction()} in one
 * transaction: parse and type the stream's rows into {@code twt_parsed}, keep the rows that cannot
 * be parsed or typed in {@code twt_raw_rejected} (with the validator's reason code and the field),
 * take the others into {@code twt_batch} with one row per id, merge {@code twt_user}, merge
 * {@code twt_tweet}. The stream's offset moves only when that commits. No single row can fail the
 * refresh: every conversion gives NULL instead of an error, and a row with such a NULL is rejected.
 *
 * <p>Semantics, whatever the order and repetition of deliveries:
 * <ul>
 *   <li>{@code twt_tweet}: one row per id; created_at, user_screen_name and text from the post; each
 *       counter the greatest value observed for that id.</li>
 *   <li>{@code twt_user}: one row per screen_name; every profile column from the greatest observation
 *       in {@link #OBSERVATION_ORDER} (created_at, then numeric id, then the profile values as
 *       tie-breakers so that two different copies of one post still give one answer);
 *       {@code last_updated} is that created_at.</li>
 * </ul>
 */
public final class SqlCatalogue {

    public static final String RAW = "twt_raw";
    public static final String STREAM = "twt_raw_stream";
    public static final String BATCH = "twt_batch";
    public static final String USER = "twt_user";
    public static final String TWEET = "twt_tweet";
    /** The session's parsed and typed stream rows, each with its problem or none. */
    public static final String PARSED = "twt_parsed";
    /** Rows of the stream that the refresh could not parse or type, with why. */
    public static final String REJECTED = "twt_raw_rejected";
    /** The characters of a rejected row's text that twt_raw_rejected keeps (8 KiB of ASCII). */
    public static final int RAW_TEXT_LIMIT = 8192;
    /** Snowflake: files the pipe loaded with errors, from COPY_HISTORY. */
    public static final String LOAD_ERROR = "twt_load_error";

    /** The user profile columns, in the order twt_user declares them after screen_name. */
    static final List<String> PROFILE = List.of(
            "username", "user_favourites_count", "user_followers_count", "user_friends_count",
            "user_listed_count", "user_statuses_count", "verified", "verified_type");

    /**
     * Batch columns that decide which observation of a user is the latest, most significant first.
     * The first two are the defined order; the rest only break ties between copies of one post.
     */
    public static final List<String> OBSERVATION_ORDER = List.of(
            "created_at", "id_num", "user_statuses_count", "user_followers_count", "user_favourites_count",
            "user_friends_count", "user_listed_count", "username", "verified_type", "verified");

    /** Every record key, in {@link RecordField} order: positions in a record source are 1-based indexes into this. */
    static final List<String> KEYS = Arrays.stream(RecordField.values()).map(RecordField::key).collect(Collectors.toList());

    private final Dialect dialect;

    public SqlCatalogue(Dialect dialect) {
        this.dialect = dialect;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The batch column a record field becomes (only screenname is renamed). */
    public static String column(RecordField f) {
        return f == RecordField.SCREENNAME ? "screen_name" : f.key();
    }

    /** Columns of twt_batch with their types. */
    public List<String[]> batchColumns() {
        List<String[]> cols = new ArrayList<>();
        for (RecordField f : RecordField.values()) {
            cols.add(new String[] {column(f), batchType(f)});
            if (f == RecordField.ID) {
                cols.add(new String[] {"id_num", dialect.idNumberType()});
            }
        }
        return cols;
    }

    private String batchType(RecordField f) {
        switch (f.kind()) {
            case TIMESTAMP: return dialect.timestampType();
            case COUNT: return dialect.numberType();
            default: return dialect.stringType();
        }
    }

    /** The column of twt_parsed that holds a field's text as extracted, before it is typed. */
    static String textColumn(RecordField f) {
        return "text_" + column(f);
    }

    /** The SQL expression that extracts a field's text from a record of {@link Dialect#recordSource}. */
    public String extract(RecordField f) {
        return dialect.text(f.key(), f.ordinal() + 1);
    }

    /**
     * The field's typed value from its extracted text {@code t}: NULL when the text is not a value
     * of the field's kind, never an error. The batch takes exactly this value, so a row that
     * passed the check cannot fail later.
     */
    public String typed(RecordField f, String t) {
        switch (f.kind()) {
            case ID:
            case OPTIONAL_ID: return "CASE WHEN " + dialect.digits(t) + " THEN " + t + " END";
            case TIMESTAMP: return dialect.tryTimestampUtc(t);
            case NON_EMPTY_STRING: return "CASE WHEN TRIM(" + t + ") <> '' THEN " + t + " END";
            case COUNT: return dialect.tryCount(t);
            case BOOLEAN: return "CASE WHEN " + t + " IN ('true', 'false') THEN " + t + " END";
            default: return t;
        }
    }

    /** The validator's code for a present value that is not of the field's kind; null for a plain string. */
    static String invalidCode(RecordField.Kind kind) {
        switch (kind) {
            case ID:
            case OPTIONAL_ID: return Problem.INVALID_ID;
            case TIMESTAMP: return Problem.INVALID_TIMESTAMP;
            case NON_EMPTY_STRING: return Problem.EMPTY_STRING;
            case COUNT: return Problem.INVALID_COUNT;
            case BOOLEAN: return Problem.INVALID_BOOLEAN;
            default: return null;
        }
    }

    /**
     * Why a row of twt_parsed cannot be merged, in the order checked (the first that holds is the
     * row's reason): condition, reason code (the validator's, {@link Problem}), record key or null.
     */
    List<String[]> checks() {
        List<String[]> checks = new ArrayList<>();
        if (dialect.notJson() != null) {
            checks.add(new String[] {dialect.notJson(), Problem.NOT_JSON, null});
        }
        checks.add(new String[] {dialect.notObject(), Problem.NOT_OBJECT, null});
        for (RecordField f : RecordField.values()) {
            if (f.required()) {
                checks.add(new String[] {textColumn(f) + " IS NULL", Problem.MISSING_FIELD, f.key()});
            }
            String invalid = invalidCode(f.kind());
            if (invalid != null) {
                checks.add(new String[] {textColumn(f) + " IS NOT NULL AND " + column(f) + " IS NULL", invalid, f.key()});
            }
        }
        return checks;
    }

    /** DDL of the two target tables (Snowflake's live in versioned migrations under sql/). */
    public List<String> targetTables() {
        String s = dialect.stringType();
        String n = dialect.numberType();
        String t = dialect.timestampType();
        StringBuilder user = new StringBuilder("CREATE TABLE IF NOT EXISTS " + USER + " (\n")
                .append("    screen_name ").append(s).append(" NOT NULL PRIMARY KEY,\n");
        for (String c : PROFILE) {
            user.append("    ").append(c).append(' ').append(c.endsWith("_count") ? n : s).append(" NOT NULL,\n");
        }
        user.append("    last_updated ").append(t).append(" NOT NULL,\n")
                .append("    user_id ").append(s).append(",\n")
                .append("    last_tweet_id ").append(s).append(" NOT NULL\n)");
        StringBuilder tweet = new StringBuilder("CREATE TABLE IF NOT EXISTS " + TWEET + " (\n")
                .append("    id ").append(s).append(" NOT NULL PRIMARY KEY,\n")
                .append("    created_at ").append(t).append(" NOT NULL,\n")
                .append("    user_screen_name ").append(s).append(" NOT NULL,\n")
                .append("    text ").append(s).append(" NOT NULL,\n");
        for (RecordField f : RecordField.TWEET_COUNTS) {
            tweet.append("    ").append(f.key()).append(' ').append(n).append(" NOT NULL,\n");
        }
        tweet.append("    user_id ").append(s).append("\n)");
        return List.of(user.toString(), tweet.toString());
    }

    /** Columns of twt_parsed: where the row came from, its text, its problem, then the batch columns. */
    public List<String[]> parsedColumns() {
        List<String[]> cols = new ArrayList<>();
        cols.add(new String[] {"file_name", dialect.stringType()});
        cols.add(new String[] {"file_row_number", dialect.numberType()});
        cols.add(new String[] {"load_time", dialect.loadTimeType()});
        cols.add(new String[] {"raw_text", dialect.stringType()});
        cols.add(new String[] {"problem", dialect.stringType()});
        cols.add(new String[] {"problem_field", dialect.stringType()});
        cols.addAll(batchColumns());
        return cols;
    }

    /** DDL of twt_raw_rejected (each engine's lives in a versioned migration; a test compares them). */
    public String rejectedTable() {
        String s = dialect.stringType();
        String t = dialect.loadTimeType();
        return "CREATE TABLE IF NOT EXISTS " + REJECTED + " (\n"
                + "    file_name " + s + " NOT NULL,\n"
                + "    file_row_number " + dialect.numberType() + " NOT NULL,\n"
                + "    reason " + s + " NOT NULL,\n"
                + "    field " + s + ",\n"
                + "    raw " + s + " NOT NULL,\n"
                + "    load_time " + t + " NOT NULL,\n"
                + "    rejected_at " + t + " NOT NULL\n)";
    }

    /**
     * Runs before the transaction: (re)creates the session's empty parsed and batch tables. DDL
     * commits implicitly in Snowflake, so neither may be created inside the transaction.
     */
    public List<String> setup() {
        return List.of(temporaryTable(PARSED, parsedColumns()), temporaryTable(BATCH, batchColumns()));
    }

    private static String temporaryTable(String name, List<String[]> columns) {
        StringJoiner cols = new StringJoiner(",\n    ", "CREATE OR REPLACE TEMPORARY TABLE " + name + " (\n    ", "\n)");
        for (String[] c : columns) {
            cols.add(c[0] + " " + c[1]);
        }
        return cols.toString();
    }

    /**
     * The statements of the one refresh transaction, in order: parse the stream once into
     * twt_parsed, reject its bad rows, take the good ones into twt_batch, merge.
     */
    public List<String> transaction() {
        List<String> statements = new ArrayList<>(List.of(parseRows(), rejectRows(), parseBatch(), mergeUsers(), mergeTweets()));
        if (dialect == Dialect.DUCKDB) {
            statements.add(advanceOffset());
        } else {
            statements.add(recordLoadErrors());
        }
        return statements;
    }

    /**
     * Reads the stream's new rows, once, into twt_parsed: each field extracted as text, then typed
     * with conversions that give NULL rather than fail ({@link #typed}), then the row's first
     * problem ({@link #checks}) or NULL. This is the only statement that reads the stream; a
     * Snowflake stream's offset moves when the transaction that read it in DML commits
     * (https://docs.snowflake.com/user-guide/streams, "Offset storage"), so the rows rejected and
     * the rows merged are those of one read.
     */
    public String parseRows() {
        StringJoiner texts = new StringJoiner(",\n                ");
        StringJoiner typed = new StringJoiner(",\n            ");
        StringJoiner insertCols = new StringJoiner(", ");
        StringJoiner selectCols = new StringJoiner(",\n       ");
        for (String c : List.of("file_name", "file_row_number", "load_time", "raw_text")) {
            insertCols.add(c);
            selectCols.add(c);
        }
        insertCols.add("problem");
        insertCols.add("problem_field");
        StringJoiner problem = new StringJoiner("\n            ", "CASE ", "\n       END AS problem");
        StringJoiner field = new StringJoiner("\n            ", "CASE ", "\n       END AS problem_field");
        for (String[] check : checks()) {
            problem.add("WHEN " + check[0] + " THEN '" + check[1] + "'");
            field.add("WHEN " + check[0] + " THEN " + (check[2] == null ? "NULL" : "'" + check[2] + "'"));
        }
        selectCols.add(problem.toString());
        selectCols.add(field.toString());
        for (RecordField f : RecordField.values()) {
            texts.add(extract(f) + " AS " + textColumn(f));
            typed.add(typed(f, textColumn(f)) + " AS " + column(f));
        }
        for (String[] c : batchColumns()) {
            insertCols.add(c[0]);
            selectCols.add(c[0].equals("id_num") ? "CAST(id AS " + dialect.idNumberType() + ") AS id_num" : c[0]);
        }
        String sourceCols = dialect == Dialect.DUCKDB ? "is_json, is_object" : "raw";
        return "INSERT INTO " + PARSED + " (" + insertCols + ")\n"
                + "SELECT " + selectCols + "\n"
                + "FROM (\n"
                + "    SELECT *,\n            " + typed + "\n"
                + "    FROM (\n"
                + "        SELECT file_name, file_row_number, load_time, raw_text, " + sourceCols + ",\n                " + texts + "\n"
                + "        FROM " + dialect.recordSource(KEYS) + "\n"
                + "    ) extracted\n"
                + ") checked";
    }

    /**
     * Keeps each row twt_parsed found a problem with in twt_raw_rejected, once per file and row
     * (a file loaded again, or a refresh run again over the same rows, adds nothing).
     */
    public String rejectRows() {
        return "INSERT INTO " + REJECTED + " (file_name, file_row_number, reason, field, raw, load_time, rejected_at)\n"
                + "SELECT p.file_name, p.file_row_number, p.problem, p.problem_field, p.raw_text, p.load_time, CURRENT_TIMESTAMP\n"
                + "FROM " + PARSED + " p\n"
                + "WHERE p.problem IS NOT NULL\n"
                + "    AND NOT EXISTS (SELECT 1 FROM " + REJECTED + " r WHERE r.file_name = p.file_name AND r.file_row_number = p.file_row_number)\n"
                + "QUALIFY ROW_NUMBER() OVER (PARTITION BY p.file_name, p.file_row_number ORDER BY p.load_time) = 1";
    }

    /**
     * Takes the rows of twt_parsed without a problem into twt_batch, one row per id: the counters
     * are the greatest seen for the id, everything else comes from the id's greatest observation.
     */
    public String parseBatch() {
        StringJoiner insertCols = new StringJoiner(", ");
        StringJoiner selectCols = new StringJoiner(",\n       ");
        for (String[] c : batchColumns()) {
            insertCols.add(c[0]);
            if (isTweetCount(c[0])) {
                selectCols.add("MAX(" + c[0] + ") OVER (PARTITION BY id) AS " + c[0]);
            } else {
                selectCols.add(c[0]);
            }
        }
        return "INSERT INTO " + BATCH + " (" + insertCols + ")\n"
                + "SELECT " + selectCols + "\n"
                + "FROM " + PARSED + "\n"
                + "WHERE problem IS NULL\n"
                + "QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY " + orderDesc(c -> c) + ") = 1";
    }

    /** Merges the latest observation of each screen name; an older one never overwrites a newer profile. */
    public String mergeUsers() {
        StringJoiner set = new StringJoiner(",\n        ");
        for (String c : PROFILE) {
            set.add(c + " = s." + c);
        }
        set.add("last_updated = s.created_at");
        set.add("user_id = s.user_id");
        set.add("last_tweet_id = s.id");
        List<String> insertCols = new ArrayList<>();
        List<String> insertValues = new ArrayList<>();
        insertCols.add("screen_name");
        insertValues.add("s.screen_name");
        for (String c : PROFILE) {
            insertCols.add(c);
            insertValues.add("s." + c);
        }
        insertCols.addAll(List.of("last_updated", "user_id", "last_tweet_id"));
        insertValues.addAll(List.of("s.created_at", "s.user_id", "s.id"));
        return "MERGE INTO " + USER + " t\n"
                + "USING (\n"
                + "    SELECT * FROM " + BATCH + "\n"
                + "    QUALIFY ROW_NUMBER() OVER (PARTITION BY screen_name ORDER BY " + orderDesc(c -> c) + ") = 1\n"
                + ") s\n"
                + "ON t.screen_name = s.screen_name\n"
                + "WHEN MATCHED AND " + newerThanTarget() + " THEN UPDATE SET\n        " + set + "\n"
                + "WHEN NOT MATCHED THEN INSERT (" + String.join(", ", insertCols) + ")\n"
                + "    VALUES (" + String.join(", ", insertValues) + ")";
    }

    /** Merges one row per id: new ids inserted, counters raised to the greatest value seen. */
    public String mergeTweets() {
        StringJoiner greater = new StringJoiner(" OR ");
        StringJoiner set = new StringJoiner(",\n        ");
        for (RecordField f : RecordField.TWEET_COUNTS) {
            String c = f.key();
            greater.add("s." + c + " > t." + c);
            set.add(c + " = GREATEST(t." + c + ", s." + c + ")");
        }
        List<String> cols = new ArrayList<>(List.of("id", "created_at", "user_screen_name", "text"));
        List<String> values = new ArrayList<>(List.of("s.id", "s.created_at", "s.screen_name", "s.text"));
        for (RecordField f : RecordField.TWEET_COUNTS) {
            cols.add(f.key());
            values.add("s." + f.key());
        }
        cols.add("user_id");
        values.add("s.user_id");
        return "MERGE INTO " + TWEET + " t\n"
                + "USING " + BATCH + " s\n"
                + "ON t.id = s.id\n"
                + "WHEN MATCHED AND (" + greater + ") THEN UPDATE SET\n        " + set + "\n"
                + "WHEN NOT MATCHED THEN INSERT (" + String.join(", ", cols) + ")\n"
                + "    VALUES (" + String.join(", ", values) + ")";
    }

    /**
     * Snowflake: records in twt_load_error each file the pipe loaded with errors that it does not
     * hold yet. The pipe loads with {@code ON_ERROR = CONTINUE}, so a row Snowflake cannot parse is
     * skipped rather than the file, and for JSON the rest of that file after the row is skipped
     * too; Snowpipe sends no error notification then. INFORMATION_SCHEMA.COPY_HISTORY keeps 14
     * days of Snowpipe loads with their ERROR_COUNT and first error
     * (https://docs.snowflake.com/sql-reference/functions/copy_history.html); the window read is 13
     * days so that START_TIME stays inside it whatever the clocks say. A file is one row per load
     * time, so a re-run records nothing twice.
     */
    public String recordLoadErrors() {
        return "INSERT INTO " + LOAD_ERROR + " (file_name, last_load_time, status, row_count, row_parsed, error_count,\n"
                + "    first_error_message, first_error_line_number, first_error_column_name, pipe_name, recorded_at)\n"
                + "SELECT h.file_name, h.last_load_time, h.status, h.row_count, h.row_parsed, h.error_count,\n"
                + "    LEFT(h.first_error_message, " + RAW_TEXT_LIMIT + "), h.first_error_line_number, h.first_error_column_name, h.pipe_name,"
                + " CURRENT_TIMESTAMP\n"
                + "FROM TABLE(INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => '" + RAW.toUpperCase(Locale.ROOT)
                + "', START_TIME => DATEADD('day', -13, CURRENT_TIMESTAMP))) h\n"
                + "WHERE h.error_count > 0\n"
                + "    AND NOT EXISTS (SELECT 1 FROM " + LOAD_ERROR + " e WHERE e.file_name = h.file_name AND e.last_load_time = h.last_load_time)";
    }

    /** DuckDB only: what a Snowflake stream does on commit. Same transaction as the merges. */
    String advanceOffset() {
        return "UPDATE twt_stream_offset SET consumed_seq = (SELECT COALESCE(MAX(load_seq), consumed_seq) FROM " + RAW
                + ") WHERE stream_name = '" + STREAM + "'";
    }

    /**
     * True when the batch row s is greater than the stored profile t in {@link #OBSERVATION_ORDER}:
     * a lexicographic comparison written out term by term (Snowflake has no row-value comparison).
     */
    String newerThanTarget() {
        StringJoiner any = new StringJoiner("\n    OR ", "(\n       ", "\n)");
        List<String> equalSoFar = new ArrayList<>();
        for (String c : OBSERVATION_ORDER) {
            String greater = "s." + c + " > " + targetSide(c);
            if (equalSoFar.isEmpty()) {
                any.add(greater);
            } else {
                any.add("(" + String.join(" AND ", equalSoFar) + " AND " + greater + ")");
            }
            equalSoFar.add("s." + c + " = " + targetSide(c));
        }
        return any.toString();
    }

    private String targetSide(String batchColumn) {
        switch (batchColumn) {
            case "created_at": return "t.last_updated";
            case "id_num": return "CAST(t.last_tweet_id AS " + dialect.idNumberType() + ")";
            default: return "t." + batchColumn;
        }
    }

    private static String orderDesc(Function<String, String> expr) {
        StringJoiner j = new StringJoiner(", ");
        for (String c : OBSERVATION_ORDER) {
            j.add(expr.apply(c) + " DESC");
        }
        return j.toString();
    }

    private static boolean isTweetCount(String column) {
        for (RecordField f : RecordField.TWEET_COUNTS) {
            if (f.key().equals(column)) {
                return true;
            }
        }
        return false;
    }

    /** The whole refresh as one readable script (what sql/snowflake/refresh.sql holds). */
    public String refreshScript() {
        StringBuilder sb = new StringBuilder();
        sb.append("-- Generated from io.twt.core.sql.SqlCatalogue (").append(dialect.name().toLowerCase(java.util.Locale.ROOT))
                .append(" dialect): do not edit by hand;\n")
                .append("-- regenerate with: java -jar local/target/twt.jar sql --dialect ")
                .append(dialect.name().toLowerCase(java.util.Locale.ROOT)).append(" > <this file>\n\n")
                .append("-- 0. Is there anything new? When not, the refresh stops here (no warehouse time).\n")
                .append(dialect.streamHasData()).append(";\n\n")
                .append("-- 1. Outside the transaction: DDL commits implicitly in Snowflake.\n");
        for (String s : setup()) {
            sb.append(s).append(";\n\n");
        }
        sb.append("-- 2. One transaction: the stream's offset moves only if both merges commit.\n")
                .append("BEGIN;\n\n");
        for (String s : transaction()) {
            sb.append(s).append(";\n\n");
        }
        sb.append("COMMIT;\n");
        return sb.toString();
    }
}
