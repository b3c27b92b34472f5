package io.twt.core.sql;

import io.twt.core.record.RecordField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * twt's refresh SQL for one dialect, generated from {@link RecordField}.
 *
 * <p>A refresh is: {@link #setup()} outside any transaction (Snowflake commits around DDL, so the
 * temporary table must exist before the transaction starts), then {@link #transaction()} in one
 * transaction: parse the stream into {@code twt_batch} with one row per id, merge
 * {@code twt_user}, merge {@code twt_tweet}. The stream's offset moves only when that commits.
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

    /** The SQL expression that extracts a field from a record of {@link Dialect#recordSource}. */
    public String extract(RecordField f) {
        int position = f.ordinal() + 1;
        switch (f.kind()) {
            case TIMESTAMP: return dialect.timestampUtc(f.key(), position);
            case COUNT: return dialect.integer(f.key(), position);
            case BOOLEAN: return "CASE WHEN " + dialect.bool(f.key(), position) + " THEN 'true' ELSE 'false' END";
            default: return dialect.text(f.key(), position);
        }
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

    /** Runs before the transaction: (re)creates the session's empty batch table. */
    public List<String> setup() {
        StringJoiner cols = new StringJoiner(",\n    ", "CREATE OR REPLACE TEMPORARY TABLE " + BATCH + " (\n    ", "\n)");
        for (String[] c : batchColumns()) {
            cols.add(c[0] + " " + c[1]);
        }
        return List.of(cols.toString());
    }

    /** The statements of the one refresh transaction, in order. */
    public List<String> transaction() {
        List<String> statements = new ArrayList<>(List.of(parseBatch(), mergeUsers(), mergeTweets()));
        if (dialect == Dialect.DUCKDB) {
            statements.add(advanceOffset());
        }
        return statements;
    }

    /**
     * Parses the stream's new rows into twt_batch, one row per id: the counters are the greatest
     * seen for the id, everything else comes from the id's greatest observation.
     */
    public String parseBatch() {
        StringJoiner parsed = new StringJoiner(",\n            ");
        for (RecordField f : RecordField.values()) {
            parsed.add(extract(f) + " AS " + column(f));
        }
        StringJoiner insertCols = new StringJoiner(", ");
        StringJoiner selectCols = new StringJoiner(",\n       ");
        for (String[] c : batchColumns()) {
            insertCols.add(c[0]);
            if (isTweetCount(c[0])) {
                selectCols.add("MAX(" + c[0] + ") OVER (PARTITION BY id) AS " + c[0]);
            } else if (c[0].equals("id_num")) {
                selectCols.add("CAST(id AS " + dialect.idNumberType() + ") AS id_num");
            } else {
                selectCols.add(c[0]);
            }
        }
        return "INSERT INTO " + BATCH + " (" + insertCols + ")\n"
                + "SELECT " + selectCols + "\n"
                + "FROM (\n"
                + "    SELECT " + parsed + "\n"
                + "    FROM " + dialect.recordSource(KEYS) + "\n"
                + ") parsed\n"
                + "QUALIFY ROW_NUMBER() OVER (PARTITION BY id ORDER BY " + orderDesc(c -> c.equals("id_num") ? "CAST(id AS " + dialect.idNumberType() + ")" : c) + ") = 1";
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
