package io.twt.core.sql;

import io.twt.core.record.ComplianceNotice;
import io.twt.core.record.EntityField;
import io.twt.core.record.RecordField;
import io.twt.core.record.RecordField.Role;
import io.twt.core.validate.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * twt's object names, and its refresh SQL for one dialect: the template {@value RefreshScript#RESOURCE}
 * with its column lists derived from {@link RecordField} and its engine expressions from {@link Dialect}.
 *
 * <p>A refresh is: the stream check, the temporary tables (outside any transaction: Snowflake
 * commits around DDL), then one transaction: parse and type the stream's rows into
 * {@code twt_parsed}, keep the rows that cannot be parsed or typed in {@code twt_raw_rejected}
 * (with the validator's reason code and the field), take the others into {@code twt_batch} with
 * one row per id, merge {@code twt_user}, merge {@code twt_tweet}, add the posts' new entities to
 * {@code twt_tweet_entity}, the dialect's after-merge
 * statement. The stream's offset moves only when that commits. No single row can fail the
 * refresh: every conversion gives NULL instead of an error, and a row with such a NULL is rejected.
 *
 * <p>Semantics, whatever the order and repetition of deliveries:
 * <ul>
 *   <li>{@code twt_tweet}: one row per id; its {@link Role#POST} columns from the post; each
 *       {@link Role#TWEET_COUNTER} the greatest value observed for that id.</li>
 *   <li>{@code twt_user}: one row per screen_name; every {@link Role#PROFILE} column from the
 *       greatest observation in {@link RecordField#observationOrder()}.</li>
 *   <li>{@code twt_tweet_entity}: one row per post and distinct {@link #entityKind kind} and
 *       {@link #normalised normalised} value of any of its observations' {@link EntityField}s;
 *       created_at and user_screen_name from the post's latest observation when the row was added.</li>
 * </ul>
 */
public final class SqlCatalogue {

    public static final String RAW = "twt_raw";
    public static final String STREAM = "twt_raw_stream";
    public static final String USER = "twt_user";
    public static final String TWEET = "twt_tweet";
    /** One row per distinct entity (cashtag, hashtag, mention, URL, rule tag) per post. */
    public static final String TWEET_ENTITY = "twt_tweet_entity";
    /** The session's parsed and typed stream rows, each with its problem or none. */
    public static final String PARSED = "twt_parsed";
    /** The session's rows of twt_parsed without a problem, one per id. */
    public static final String BATCH = "twt_batch";
    /** Rows of the stream that the refresh could not parse or type, with why. */
    public static final String REJECTED = "twt_raw_rejected";
    /** Snowflake: files the pipe loaded with errors, from COPY_HISTORY. */
    public static final String LOAD_ERROR = "twt_load_error";
    /** Snowflake: the file format of twt_raw's loads. */
    public static final String FILE_FORMAT = "twt_ndjson";
    /** DuckDB: the stream's offset over twt_raw.load_seq. */
    public static final String STREAM_OFFSET = "twt_stream_offset";
    /** DuckDB: the files the local loader has loaded (Snowpipe's load history). */
    public static final String LOAD_HISTORY = "twt_load_history";
    /**
     * Snowflake, {@link RefreshCompute#SERVERLESS}: the serverless task whose body is
     * {@link RefreshScript#taskBlock()}, created by Bootstrap and run by the Refresh function with EXECUTE TASK.
     */
    public static final String REFRESH_TASK = "twt_refresh_task";
    /** The analysts' views (migrations: DuckDB V007, Snowflake V009): per cashtag and UTC hour. */
    public static final String CASHTAG_HOURLY = "twt_cashtag_hourly";
    /** Per cashtag and UTC day, with the engagement of its posts. */
    public static final String CASHTAG_DAILY = "twt_cashtag_daily";
    /** Each author's latest profile, post count and reach. */
    public static final String AUTHOR = "twt_author";
    /** Per cashtag: its distinct authors, the verified ones and their share. */
    public static final String CASHTAG_VERIFIED_SHARE = "twt_cashtag_verified_share";
    public static final List<String> ANALYST_VIEWS = List.of(CASHTAG_HOURLY, CASHTAG_DAILY, AUTHOR, CASHTAG_VERIFIED_SHARE);
    /** One row per line of an X batch compliance result that twt applied (io.twt.core.compliance). */
    public static final String COMPLIANCE_LOG = "twt_compliance_log";
    /** The session's compliance result lines, one per id. */
    public static final String COMPLIANCE_BATCH = "twt_compliance_batch";
    /** The session's posts to remove, each with the id of the result line it is removed for. */
    public static final String COMPLIANCE_POSTS = "twt_compliance_posts";
    /** Every twt object the SQL in core names (the refresh and compliance templates may name no other). */
    public static final List<String> OBJECTS = List.of(RAW, STREAM, USER, TWEET, TWEET_ENTITY, PARSED, BATCH, REJECTED, LOAD_ERROR, FILE_FORMAT,
            STREAM_OFFSET, LOAD_HISTORY, REFRESH_TASK, COMPLIANCE_LOG, COMPLIANCE_BATCH, COMPLIANCE_POSTS, MigrationRunner.HISTORY);
    /** The characters of a rejected row's text that twt_raw_rejected keeps (8 KiB of ASCII). */
    public static final int RAW_TEXT_LIMIT = 8192;

    /**
     * Every record key, in {@link RecordField} order, then the {@link EntityField} keys, then
     * {@link ComplianceNotice#KEY}: positions in a record source are 1-based indexes into this.
     */
    static final List<String> KEYS = Stream.of(Arrays.stream(RecordField.values()).map(RecordField::key),
            Arrays.stream(EntityField.values()).map(EntityField::key), Stream.of(ComplianceNotice.KEY))
            .flatMap(k -> k).collect(Collectors.toUnmodifiableList());
    /** The column of twt_parsed that holds the notice key's text, before the row is judged. */
    private static final String NOTICE_TEXT = "text_" + ComplianceNotice.KEY;

    private final Dialect dialect;
    private final ComplianceSql compliance;
    private final RefreshScript script;

    public SqlCatalogue(Dialect dialect) {
        this.dialect = dialect;
        this.compliance = new ComplianceSql(dialect);
        this.script = RefreshScript.render(placeholders());
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The refresh, rendered for this dialect. */
    public RefreshScript script() {
        return script;
    }

    /** The batch column a record field becomes (only screenname is renamed). */
    public static String column(RecordField f) {
        return f == RecordField.SCREENNAME ? "screen_name" : f.key();
    }

    /** The twt_tweet column of a {@link Role#POST} or {@link Role#TWEET_COUNTER} field, else null. */
    public static String tweetColumn(RecordField f) {
        if (!f.has(Role.POST) && !f.has(Role.TWEET_COUNTER)) {
            return null;
        }
        return f == RecordField.SCREENNAME ? "user_screen_name" : f.key();
    }

    /** The twt_user column of a {@link Role#PROFILE} field (the post it comes from is named by id and time), else null. */
    public static String userColumn(RecordField f) {
        if (!f.has(Role.PROFILE)) {
            return null;
        }
        switch (f) {
            case ID: return "last_tweet_id";
            case CREATED_AT: return "last_updated";
            default: return f.key();
        }
    }

    /** The type of a field's batch column, which is also its type in the analytics tables. */
    public String type(RecordField f) {
        switch (f.kind()) {
            case TIMESTAMP: return dialect.timestampType();
            case COUNT: return dialect.numberType();
            default: return dialect.stringType();
        }
    }

    /** Columns of twt_batch with their types: the fields', and the id as a number to order by. */
    private List<String[]> batchColumns() {
        List<String[]> cols = new ArrayList<>();
        for (RecordField f : RecordField.values()) {
            cols.add(new String[] {column(f), type(f)});
            if (f == RecordField.ID) {
                cols.add(new String[] {"id_num", dialect.idNumberType()});
            }
        }
        return cols;
    }

    /** The column of twt_parsed that holds an entity key's array ({@link Dialect#entityArray}). */
    static String entityColumn(EntityField f) {
        return "entity_" + f.key();
    }

    /** The twt_tweet_entity kind of an entity key's values. */
    public static String entityKind(EntityField f) {
        return switch (f) {
            case CASHTAGS -> "cashtag";
            case HASHTAGS -> "hashtag";
            case MENTIONS -> "mention";
            case URLS -> "url";
            case MATCHING_RULES -> "rule";
        };
    }

    /**
     * The element {@code element} of a row of {@code kind} as X matches entities: a cashtag
     * upper-case without a leading {@code $}, a hashtag without {@code #} and a mention without
     * {@code @} lower-case, a URL and a rule tag as they came.
     */
    private static String normalised(String kind, String element) {
        return "CASE " + kind
                + "\n    WHEN '" + entityKind(EntityField.CASHTAGS) + "' THEN UPPER(" + withoutLeading("$", element) + ")"
                + "\n    WHEN '" + entityKind(EntityField.HASHTAGS) + "' THEN LOWER(" + withoutLeading("#", element) + ")"
                + "\n    WHEN '" + entityKind(EntityField.MENTIONS) + "' THEN LOWER(" + withoutLeading("@", element) + ")"
                + "\n    ELSE " + element + "\nEND";
    }

    private static String withoutLeading(String c, String v) {
        return "CASE WHEN LEFT(" + v + ", 1) = '" + c + "' THEN SUBSTR(" + v + ", 2) ELSE " + v + " END";
    }

    /** One SELECT per entity key, UNION ALL: tweet_id, kind and element (as a string) of each array element of each row without a problem. */
    private String entityRows() {
        return Arrays.stream(EntityField.values())
                .map(f -> "SELECT p.id AS tweet_id, '" + entityKind(f) + "' AS kind, " + dialect.entityElement()
                        + " AS element\nFROM " + PARSED + " p, " + dialect.entityElements("p." + entityColumn(f)) + "\nWHERE p.problem IS NULL")
                .collect(Collectors.joining("\nUNION ALL\n"));
    }

    /** The column of twt_parsed that holds a field's text as extracted, before it is typed. */
    static String textColumn(RecordField f) {
        return "text_" + column(f);
    }

    /**
     * The field's typed value from its extracted text {@code t}: NULL when the text is not a value
     * of the field's kind, never an error. The batch takes exactly this value, so a row that
     * passed the check cannot fail later.
     */
    private String typed(RecordField f, String t) {
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
    private static String invalidCode(RecordField.Kind kind) {
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
        checks.addAll(noticeChecks());
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

    /**
     * The rules of a compliance notice (a row whose {@link ComplianceNotice#KEY} is not null), as
     * {@link io.twt.core.validate.RecordValidator} has them; the last, which holds for every notice
     * that passed the others, ends the checks with no problem, so the post rules judge posts only.
     */
    private List<String[]> noticeChecks() {
        String notice = NOTICE_TEXT + " IS NOT NULL";
        String id = textColumn(RecordField.ID);
        String userId = textColumn(RecordField.USER_ID);
        List<String[]> checks = new ArrayList<>();
        checks.add(new String[] {notice + " AND (" + NOTICE_TEXT + " NOT IN (" + quoted(ComplianceNotice.types(true), ComplianceNotice.types(false))
                + ") OR " + textColumn(RecordField.SCREENNAME) + " IS NOT NULL)", Problem.INVALID_NOTICE, ComplianceNotice.KEY});
        checks.add(new String[] {NOTICE_TEXT + " IN (" + quoted(ComplianceNotice.types(true)) + ") AND " + id + " IS NULL",
                Problem.MISSING_FIELD, RecordField.ID.key()});
        checks.add(new String[] {notice + " AND " + id + " IS NOT NULL AND " + column(RecordField.ID) + " IS NULL",
                Problem.INVALID_ID, RecordField.ID.key()});
        checks.add(new String[] {notice + " AND " + userId + " IS NULL", Problem.MISSING_FIELD, RecordField.USER_ID.key()});
        checks.add(new String[] {notice + " AND " + column(RecordField.USER_ID) + " IS NULL", Problem.INVALID_ID, RecordField.USER_ID.key()});
        checks.add(new String[] {notice, null, null});
        return checks;
    }

    @SafeVarargs
    private static String quoted(List<String>... values) {
        return Stream.of(values).flatMap(List::stream).map(v -> "'" + v + "'").collect(Collectors.joining(", "));
    }

    /**
     * One term of {@link RecordField#observationOrder()}: the batch column and the stored
     * twt_user value it is compared with (an id compares as a number).
     */
    private List<String[]> observationOrder() {
        List<String[]> terms = new ArrayList<>();
        for (RecordField f : RecordField.observationOrder()) {
            boolean numeric = f.kind() == RecordField.Kind.ID;
            terms.add(new String[] {numeric ? "id_num" : column(f),
                    numeric ? "CAST(t." + userColumn(f) + " AS " + dialect.idNumberType() + ")" : "t." + userColumn(f)});
        }
        return terms;
    }

    /** The observation order as an ORDER BY, latest first. */
    private String latestFirst() {
        return observationOrder().stream().map(term -> term[0] + " DESC").collect(Collectors.joining(", "));
    }

    /**
     * True when the batch row s comes after the stored profile t in the observation order: on
     * each term, s is greater, or equal and after t on the remaining terms. Written out because
     * Snowflake has no row-value comparison; one line a term, only comparisons, AND and OR (AND
     * binds tighter than OR: https://docs.snowflake.com/sql-reference/operators-logical).
     */
    private String newerThanTarget() {
        List<String[]> terms = observationOrder();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < terms.size(); i++) {
            String s = "s." + terms.get(i)[0];
            String t = terms.get(i)[1];
            sb.append(i == 0 ? "(" : "\n (").append(s).append(" > ").append(t);
            if (i + 1 < terms.size()) {
                sb.append(" OR ").append(s).append(" = ").append(t).append(" AND");
            }
        }
        return sb.append(")".repeat(terms.size())).toString();
    }

    /** What the template's placeholders are filled with. */
    private Map<String, String> placeholders() {
        Map<String, String> v = new HashMap<>();
        v.put("stream_has_data", dialect.streamHasData());
        v.put("string", dialect.stringType());
        v.put("number", dialect.numberType());
        v.put("load_time", dialect.loadTimeType());
        v.put("batch_column_types", lines(batchColumns(), c -> c[0] + " " + c[1]));
        v.put("batch_columns", inline(batchColumns(), c -> c[0]));

        List<String[]> checks = checks();
        v.put("problem", String.join("\n", map(checks, c -> "WHEN " + c[0] + " THEN " + (c[1] == null ? "NULL" : "'" + c[1] + "'"))));
        v.put("problem_field", String.join("\n", map(checks, c -> "WHEN " + c[0] + " THEN " + (c[2] == null ? "NULL" : "'" + c[2] + "'"))));
        v.put("parsed_batch_values", lines(batchColumns(),
                c -> c[0].equals("id_num") ? "CAST(id AS " + dialect.idNumberType() + ") AS id_num" : c[0]));
        List<RecordField> fields = List.of(RecordField.values());
        v.put("typed_values", lines(fields, f -> typed(f, textColumn(f)) + " AS " + column(f)));
        v.put("checked_source_columns", dialect.checkedColumns());
        v.put("text_values", lines(fields, f -> dialect.text(f.key(), f.ordinal() + 1) + " AS " + textColumn(f)));
        v.put("record_source", dialect.recordSource(KEYS));

        List<EntityField> entities = List.of(EntityField.values());
        v.put("entity_column_types", lines(entities, f -> entityColumn(f) + " " + dialect.entityArrayType()));
        v.put("entity_columns", inline(entities, SqlCatalogue::entityColumn));
        v.put("entity_texts", lines(entities,
                f -> dialect.entityArray(f.key(), RecordField.values().length + f.ordinal() + 1) + " AS " + entityColumn(f)));
        v.put("kept_entity_values", lines(entities,
                f -> "CASE WHEN problem IS NULL AND notice IS NULL THEN " + entityColumn(f) + " END AS " + entityColumn(f)));
        v.put("notice_text", dialect.text(ComplianceNotice.KEY, KEYS.indexOf(ComplianceNotice.KEY) + 1) + " AS " + NOTICE_TEXT);
        v.put("user_notices", quoted(ComplianceNotice.types(false)));
        v.put("notice_reasons", Arrays.stream(ComplianceNotice.values())
                .map(n -> "WHEN notice = '" + n.type() + "' THEN '" + n.reason() + "'").collect(Collectors.joining("\n")));
        v.put("log_applied_at_utc", dialect.instantUtc("l.applied_at"));
        v.put("create_compliance_batch", compliance.statement(ComplianceSql.CREATE_BATCH));
        v.put("create_compliance_posts", compliance.statement(ComplianceSql.CREATE_POSTS));
        for (String name : RefreshScript.COMPLIANCE_STATEMENTS) {
            v.put(RefreshScript.COMPLIANCE_PREFIX + name, compliance.statement(name));
        }
        v.put("entity_rows", entityRows());
        v.put("normalised_value", normalised("kind", "element"));

        List<String> counters = map(RecordField.withRole(Role.TWEET_COUNTER), RecordField::key);
        v.put("batch_values", lines(batchColumns(),
                c -> counters.contains(c[0]) ? "MAX(" + c[0] + ") OVER (PARTITION BY id) AS " + c[0] : c[0]));
        v.put("latest_first", latestFirst());

        List<RecordField> profile = RecordField.withRole(Role.PROFILE);
        v.put("newer_than_target", newerThanTarget());
        v.put("user_set", lines(profile, f -> userColumn(f) + " = s." + column(f)));
        v.put("user_columns", inline(profile, SqlCatalogue::userColumn));
        v.put("user_values", inline(profile, f -> "s." + column(f)));

        List<RecordField> tweet = fields.stream().filter(f -> tweetColumn(f) != null).collect(Collectors.toList());
        v.put("counter_greater", counters.stream().map(c -> "s." + c + " > t." + c).collect(Collectors.joining(" OR ")));
        v.put("counter_set", String.join(",\n", map(counters, c -> c + " = GREATEST(t." + c + ", s." + c + ")")));
        v.put("tweet_columns", inline(tweet, SqlCatalogue::tweetColumn));
        v.put("tweet_values", inline(tweet, f -> "s." + column(f)));
        v.put("merge_report", dialect.mergeReport());
        v.put("after_merges", dialect.afterMerges());
        return v;
    }

    private static <T> List<String> map(List<T> items, Function<T, String> f) {
        return items.stream().map(f).collect(Collectors.toList());
    }

    private static <T> String lines(List<T> items, Function<T, String> f) {
        return String.join(",\n", map(items, f));
    }

    private static <T> String inline(List<T> items, Function<T, String> f) {
        return String.join(", ", map(items, f));
    }
}
