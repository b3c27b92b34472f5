package io.twt.core.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The refresh template ({@value #RESOURCE}) filled in for one dialect: its text, and its
 * statements in order, each named by the {@code -- @name} line before it.
 */
public final class RefreshScript {

    static final String RESOURCE = "io/twt/core/sql/refresh.sql";

    public static final String STREAM_HAS_DATA = "stream_has_data";
    public static final String BEGIN = "begin";
    public static final String PARSE_ROWS = "parse_rows";
    public static final String REJECT_ROWS = "reject_rows";
    public static final String BATCH_ROWS = "batch_rows";
    public static final String MERGE_USERS = "merge_users";
    public static final String MERGE_TWEETS = "merge_tweets";
    public static final String INSERT_ENTITIES = "insert_entities";
    /** This refresh's compliance lines; the statements after it, up to {@link #AFTER_MERGES}, run only when it adds one. */
    public static final String COMPLIANCE_LINES = "compliance_lines";
    /** The refresh's name of a {@link ComplianceSql} statement it runs after {@link #COMPLIANCE_LINES}: the prefix and its name. */
    static final String COMPLIANCE_PREFIX = "compliance_";
    /** The {@link ComplianceSql} statements the refresh runs on its compliance lines, in order. */
    static final List<String> COMPLIANCE_STATEMENTS = List.of(ComplianceSql.TWEET_POSTS, ComplianceSql.USER_POSTS, ComplianceSql.LOG,
            ComplianceSql.DELETE_RAW_REJECTED, ComplianceSql.DELETE_RAW, ComplianceSql.DELETE_TWEET_ENTITIES, ComplianceSql.DELETE_TWEETS,
            ComplianceSql.DELETE_USERS);
    public static final String AFTER_MERGES = "after_merges";
    public static final String COMMIT = "commit";

    /**
     * How {@link #taskBlock()} opens the transaction: inside a Snowflake Scripting block a bare
     * {@code BEGIN} starts a nested block, not a transaction
     * (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks).
     */
    public static final String BEGIN_TRANSACTION = "BEGIN TRANSACTION";
    /**
     * How {@link #taskBlock()} runs the compliance statements only when {@link #COMPLIANCE_LINES}
     * added a line: SQLROWCOUNT is the row count of the block's last DML statement
     * (https://docs.snowflake.com/developer-guide/snowflake-scripting/dml-status), and IF treats a
     * NULL condition as false (https://docs.snowflake.com/sql-reference/snowflake-scripting/if).
     */
    static final String IF_COMPLIANCE_LINES = "IF (SQLROWCOUNT > 0) THEN";
    static final String END_IF = "END IF";
    /** The exception section of {@link #taskBlock()}: undo the open transaction, then fail the task run with the same error. */
    static final String ROLLBACK_AND_RAISE = "EXCEPTION\n    WHEN OTHER THEN\n        ROLLBACK;\n        RAISE;\n";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z_]+)}");
    private static final Pattern NAME = Pattern.compile("(?m)^-- @([a-z_]+)$");
    /** A word that names a twt object. */
    private static final Pattern OBJECT = Pattern.compile("\\btwt_[a-z_]+\\b");

    /** One statement of the script, as sent. */
    public record Step(String name, String sql) {
    }

    private final String text;
    private final List<Step> steps;

    private RefreshScript(String text, List<Step> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /** The template, filled with {@code values}. */
    static RefreshScript render(Map<String, String> values) {
        return parse(fill(template(), values));
    }

    /** The filled template: what {@code twt sql} prints. */
    public String text() {
        return text;
    }

    public List<Step> steps() {
        return steps;
    }

    /**
     * The refresh as one Snowflake Scripting block, the body of the serverless task
     * ({@link SqlCatalogue#REFRESH_TASK}): the same statements as {@link RefreshRunner} sends after
     * the stream check, each as rendered and terminated by a semicolon, in the same order. The
     * setup statements (DDL, which commits implicitly:
     * https://docs.snowflake.com/en/sql-reference/transactions) come first, then
     * {@value #BEGIN_TRANSACTION} … {@code COMMIT}, with the statements after {@link #COMPLIANCE_LINES}
     * inside {@value #IF_COMPLIANCE_LINES} … {@value #END_IF}; any error rolls back and fails the run, so
     * the stream keeps its rows. The stream check is not in the block: the caller decides before
     * running it. Only the statements are laid out, never re-indented, so no literal changes.
     */
    public String taskBlock() {
        StringBuilder block = new StringBuilder("BEGIN\n");
        for (Step step : between(STREAM_HAS_DATA, BEGIN)) {
            block.append(step.sql()).append(";\n");
        }
        block.append(BEGIN_TRANSACTION).append(";\n");
        for (Step step : between(BEGIN, COMMIT)) {
            if (step.name().equals(AFTER_MERGES)) {
                block.append(END_IF).append(";\n");
            }
            block.append(step.sql()).append(";\n");
            if (step.name().equals(COMPLIANCE_LINES)) {
                block.append(IF_COMPLIANCE_LINES).append('\n');
            }
        }
        block.append(sql(COMMIT)).append(";\n");
        return block.append(ROLLBACK_AND_RAISE).append("END").toString();
    }

    /** The statements that run only when {@link #COMPLIANCE_LINES} adds a line: those after it, up to {@link #AFTER_MERGES}. */
    public List<Step> compliance() {
        return between(COMPLIANCE_LINES, AFTER_MERGES);
    }

    /** The statement called {@code name}. */
    public String sql(String name) {
        return steps.get(indexOf(name)).sql();
    }

    /** The statements strictly between the ones called {@code first} and {@code last}. */
    public List<Step> between(String first, String last) {
        int from = indexOf(first);
        int to = indexOf(last);
        if (from >= to) {
            throw new IllegalStateException(RESOURCE + ": " + first + " must come before " + last);
        }
        return steps.subList(from + 1, to);
    }

    private int indexOf(String name) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException(RESOURCE + " has no statement called " + name);
    }

    /**
     * Replaces each {@code ${name}}; the second and later lines of a value are indented to the
     * placeholder's column, so that a list placeholder alone on its line lays out one item a line.
     */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException(RESOURCE + ": no value for ${" + m.group(1) + "}");
            }
            int column = m.start() - (template.lastIndexOf('\n', m.start()) + 1);
            m.appendReplacement(out, Matcher.quoteReplacement(value.replace("\n", "\n" + " ".repeat(column))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Each {@code -- @name} line starts the part of the script that holds exactly that statement. */
    static RefreshScript parse(String text) {
        Matcher objects = OBJECT.matcher(text);
        while (objects.find()) {
            if (!SqlCatalogue.OBJECTS.contains(objects.group())) {
                throw new IllegalStateException(RESOURCE + " names " + objects.group() + ", which SqlCatalogue.OBJECTS does not list");
            }
        }
        Matcher m = NAME.matcher(text);
        List<String> names = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            starts.add(m.start());
        }
        if (names.isEmpty() || !SqlScript.statements(text.substring(0, starts.get(0))).isEmpty()) {
            throw new IllegalStateException(RESOURCE + ": every statement must follow a -- @name line");
        }
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int end = i + 1 < names.size() ? starts.get(i + 1) : text.length();
            List<String> statements = SqlScript.statements(text.substring(starts.get(i), end));
            if (statements.size() != 1 || names.indexOf(names.get(i)) != i) {
                throw new IllegalStateException(RESOURCE + ": @" + names.get(i) + " must name exactly one statement, once");
            }
            steps.add(new Step(names.get(i), statements.get(0)));
        }
        return new RefreshScript(text, steps);
    }

    private static String template() {
        try (InputStream in = RefreshScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
        }
    }
}
