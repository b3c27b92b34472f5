package io.twt.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a migration script into statements and fills in its placeholders. */
public final class SqlScript {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private SqlScript() {
    }

    /**
     * The statements of {@code script}, without comments, split at semicolons that are outside
     * string literals, quoted identifiers, comments and {@code $$} blocks. Empty statements are
     * dropped.
     */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int n = script.length();
        int i = 0;
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated /* comment at offset " + i);
                }
                i = end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"') {
                int end = closingQuote(script, i, c);
                current.append(script, i, end + 1);
                i = end + 1;
            } else if (c == '$' && i + 1 < n && script.charAt(i + 1) == '$') {
                int end = script.indexOf("$$", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated $$ block at offset " + i);
                }
                current.append(script, i, end + 2);
                i = end + 2;
            } else if (c == ';') {
                addStatement(out, current);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        addStatement(out, current);
        return out;
    }

    /** Index of the quote closing the literal opened at {@code start}; a doubled quote is an escape. */
    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            char c = script.charAt(i);
            if (c == '\\' && quote == '\'') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated " + quote + " literal at offset " + start);
    }

    private static void addStatement(List<String> out, StringBuilder current) {
        String statement = current.toString().strip();
        if (!statement.isEmpty()) {
            out.add(statement);
        }
        current.setLength(0);
    }

    /**
     * Replaces every {@code ${name}} with its value. The values must already be checked by the
     * caller for the context they land in (identifier, ARN, bucket name): this only substitutes.
     *
     * @throws IllegalArgumentException naming the placeholder when a value is missing
     */
    public static String fill(String script, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(script);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for placeholder ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
