package io.twt.core.sql;

import io.twt.core.record.ComplianceNotice;
import io.twt.core.record.RecordField;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one home of the compliance SQL: the template {@value #RESOURCE} filled in for one dialect,
 * its statements by the name on the {@code -- @name} line before each. The engine differences
 * come from {@link Dialect}; every value is a bound parameter ({@code ?}), never text.
 */
public final class ComplianceSql {

    static final String RESOURCE = "io/twt/core/sql/compliance.sql";

    public static final String CREATE_BATCH = "create_batch";
    public static final String CREATE_POSTS = "create_posts";
    public static final String BEGIN = "begin";
    public static final String INSERT_BATCH = "insert_batch";
    public static final String TWEET_POSTS = "tweet_posts";
    public static final String USER_POSTS = "user_posts";
    public static final String LOG = "log";
    public static final String REMOVED_POSTS = "removed_posts";
    public static final String REMOVED_SCREEN_NAMES = "removed_screen_names";
    public static final String DELETE_RAW_REJECTED = "delete_raw_rejected";
    public static final String DELETE_RAW = "delete_raw";
    public static final String DELETE_TWEET_ENTITIES = "delete_tweet_entities";
    public static final String DELETE_TWEETS = "delete_tweets";
    public static final String DELETE_USERS = "delete_users";
    public static final String COMMIT = "commit";
    public static final String STORED_POST_IDS = "stored_post_ids";
    public static final String STORED_USER_IDS = "stored_user_ids";
    public static final String PRUNE_RAW_REJECTED = "prune_raw_rejected";
    public static final String PRUNE_RAW = "prune_raw";

    private static final Pattern NAME = Pattern.compile("(?m)^-- @([a-z_]+)$");
    private static final Pattern OBJECT = Pattern.compile("\\btwt_[a-z_]+\\b");

    private final Map<String, String> statements;

    public ComplianceSql(Dialect dialect) {
        this.statements = parse(SqlScript.fill(template(), placeholders(dialect)));
    }

    /** Every statement, by name, in the template's order. */
    public Map<String, String> statements() {
        return statements;
    }

    /** The statement named {@code name}. */
    public String statement(String name) {
        String sql = statements.get(name);
        if (sql == null) {
            throw new IllegalArgumentException(RESOURCE + " has no statement " + name);
        }
        return sql;
    }

    /** The query of every post id ({@code posts}) or user id that twt holds, one column: what a batch compliance job is sent. */
    public String storedIds(boolean posts) {
        return statement(posts ? STORED_POST_IDS : STORED_USER_IDS);
    }

    /** The deletes of the rows loaded before a time (their one parameter): twt_raw_rejected's, then twt_raw's. */
    public List<String> pruneLoadedBefore() {
        return List.of(statement(PRUNE_RAW_REJECTED), statement(PRUNE_RAW));
    }

    private static Map<String, String> placeholders(Dialect d) {
        String userId = RecordField.USER_ID.key();
        return Map.ofEntries(
                Map.entry("raw_id_is_id", d.digits(postId(d, "raw"))),
                Map.entry("raw_user_id_unqualified", d.rawKey("raw", userId)),
                Map.entry("raw_user_id_is_id", d.digits(d.rawKey("raw", userId))),
                Map.entry("string", d.stringType()),
                Map.entry("number", d.numberType()),
                Map.entry("raw_id", postId(d, "r.raw")),
                Map.entry("raw_id_unqualified", postId(d, "raw")),
                Map.entry("raw_user_id", d.rawKey("r.raw", userId)),
                Map.entry("raw_original_id", d.rawKey("r.raw", RecordField.ORIGINAL_ID.key())),
                Map.entry("raw_screenname", d.rawKey("r.raw", RecordField.SCREENNAME.key())),
                Map.entry("created_at_utc", d.tryTimestampUtc("created_at")),
                Map.entry("redacted_at_utc", d.tryTimestampUtc("redacted_at")));
    }

    /**
     * The id of the post a twt_raw row holds; NULL for a compliance notice's row, whose id names
     * the post it removes (it holds no content, and stays until the storage horizon prunes it).
     */
    private static String postId(Dialect d, String rawColumn) {
        return "CASE WHEN " + d.rawKey(rawColumn, ComplianceNotice.KEY) + " IS NULL THEN " + d.rawKey(rawColumn, RecordField.ID.key()) + " END";
    }

    /** The statements in order, each checked to name only objects that {@link SqlCatalogue#OBJECTS} lists. */
    private static Map<String, String> parse(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = NAME.matcher(text);
        String name = null;
        int from = 0;
        while (m.find()) {
            if (name != null) {
                out.put(name, one(name, text.substring(from, m.start())));
            }
            name = m.group(1);
            from = m.end();
        }
        if (name != null) {
            out.put(name, one(name, text.substring(from)));
        }
        return out;
    }

    private static String one(String name, String section) {
        List<String> sql = SqlScript.statements(section);
        if (sql.size() != 1) {
            throw new IllegalStateException(RESOURCE + ": -- @" + name + " must be followed by one statement, found " + sql.size());
        }
        Matcher objects = OBJECT.matcher(sql.get(0));
        while (objects.find()) {
            if (!SqlCatalogue.OBJECTS.contains(objects.group())) {
                throw new IllegalStateException(RESOURCE + " names " + objects.group() + ", which SqlCatalogue.OBJECTS does not list");
            }
        }
        return sql.get(0);
    }

    private static String template() {
        try (InputStream in = ComplianceSql.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
        }
    }
}
