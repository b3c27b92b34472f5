package io.twt.core.sql;

import java.util.Locale;

/**
 * Snowflake object names that come from configuration (database, schema, warehouse, role). They
 * must be valid <em>unquoted</em> identifiers: a letter (A-Z, a-z) or {@code _} first, then only
 * letters, digits, {@code _} and {@code $}, at most 255 characters. Unquoted identifiers resolve
 * upper-case, so {@code twt_db} names the object {@code TWT_DB}; the quoted upper-case form
 * {@code "TWT_DB"} names the same object and is safe to splice into SQL. Anything else (blanks,
 * quotes, dots, non-ASCII letters) is refused rather than escaped, so configuration can never
 * change the shape of a statement.
 */
public final class Identifiers {

    /** Snowflake's limit for any identifier, quoted or not. */
    public static final int MAX_LENGTH = 255;

    private Identifiers() {
    }

    /**
     * The canonical (upper-case, unquoted) form of {@code value}, e.g. {@code TWT_DB} for
     * {@code twt_db}: what a connection property should carry.
     *
     * @param setting the name of the setting the value came from, for the error message
     * @throws IllegalArgumentException naming the setting, the value and the rule it breaks
     */
    public static String canonical(String setting, String value) {
        if (value == null || value.isEmpty()) {
            throw invalid(setting, value, "it is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw invalid(setting, value, "it is " + value.length() + " characters long, the limit is " + MAX_LENGTH);
        }
        char first = value.charAt(0);
        if (!isAsciiLetter(first) && first != '_') {
            throw invalid(setting, value, "it must start with a letter (A-Z, a-z) or '_', not " + describe(first));
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isAsciiLetter(c) && !isDigit(c) && c != '_' && c != '$') {
                throw invalid(setting, value, "only letters (A-Z, a-z), digits, '_' and '$' are allowed; "
                        + describe(c) + " at position " + (i + 1) + " is not");
            }
        }
        // Only ASCII is left, so the root locale's upper-casing is exactly A-Z.
        return value.toUpperCase(Locale.ROOT);
    }

    /**
     * The double-quoted canonical form of {@code value}, e.g. {@code "TWT_DB"} for {@code twt_db},
     * ready to be used as an identifier in SQL.
     *
     * @param setting the name of the setting the value came from, for the error message
     * @throws IllegalArgumentException naming the setting, the value and the rule it breaks
     */
    public static String quoted(String setting, String value) {
        return '"' + canonical(setting, value) + '"';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A character as an error message names it: quoted, or described when it would not show. */
    public static String describe(char c) {
        if (c == ' ') {
            return "a space";
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c)) {
            return String.format("the control character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    private static IllegalArgumentException invalid(String setting, String value, String rule) {
        String shown = value == null ? "null" : '"' + value + '"';
        return new IllegalArgumentException(setting + " " + shown
                + " is not a valid unquoted Snowflake identifier: " + rule);
    }
}
