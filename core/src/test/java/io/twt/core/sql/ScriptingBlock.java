package io.twt.core.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small parser for the Snowflake Scripting that {@link RefreshScript#taskBlock()} writes:
 * {@code BEGIN <statement>; ... [EXCEPTION WHEN OTHER THEN <statement>; ...] END}
 * (https://docs.snowflake.com/en/developer-guide/snowflake-scripting/blocks). It reads tokens as
 * Snowflake's lexer does for the parts that matter here (string literals with doubled and
 * backslash escapes, quoted identifiers, {@code --} and {@code /* *}{@code /} comments, {@code $$}
 * strings), so a semicolon or keyword inside any of them is text. Inside a statement it tracks
 * parentheses and {@code CASE ... END}, so that the END of a CASE expression does not close the
 * block; {@code BEGIN TRANSACTION} and {@code BEGIN WORK} are statements, any other {@code BEGIN}
 * would open a nested block, which this parser refuses.
 *
 * @param body     the statements between BEGIN and EXCEPTION (or END), as written, without their semicolons
 * @param handler  the statements of the exception handler
 */
record ScriptingBlock(List<String> body, String handlerCondition, List<String> handler) {

    /** @throws IllegalArgumentException saying where the text stops being a well-formed block */
    static ScriptingBlock parse(String text) {
        List<Token> tokens = tokens(text);
        int[] at = {0};
        expectWord(tokens, at, "BEGIN");
        if (isWord(tokens, at[0], "TRANSACTION") || isWord(tokens, at[0], "WORK")) {
            throw new IllegalArgumentException("the text starts a transaction, not a block");
        }
        List<String> body = statements(text, tokens, at, "EXCEPTION", "END");
        String condition = null;
        List<String> handler = List.of();
        if (isWord(tokens, at[0], "EXCEPTION")) {
            at[0]++;
            expectWord(tokens, at, "WHEN");
            condition = word(tokens, at);
            expectWord(tokens, at, "THEN");
            handler = statements(text, tokens, at, "END");
        }
        expectWord(tokens, at, "END");
        if (at[0] < tokens.size() && tokens.get(at[0]).text.equals(";")) {
            at[0]++;
        }
        if (at[0] != tokens.size()) {
            throw new IllegalArgumentException("text after the block's END at offset " + tokens.get(at[0]).start);
        }
        return new ScriptingBlock(body, condition, handler);
    }

    /** Statements up to one of the {@code stops} words at depth 0; each must end with a semicolon. */
    private static List<String> statements(String text, List<Token> tokens, int[] at, String... stops) {
        List<String> out = new ArrayList<>();
        while (true) {
            if (at[0] >= tokens.size()) {
                throw new IllegalArgumentException("the block has no END");
            }
            for (String stop : stops) {
                if (isWord(tokens, at[0], stop)) {
                    return out;
                }
            }
            int first = at[0];
            int parentheses = 0;
            int cases = 0;
            while (true) {
                if (at[0] >= tokens.size()) {
                    throw new IllegalArgumentException("statement at offset " + tokens.get(first).start + " is not terminated by a semicolon");
                }
                Token t = tokens.get(at[0]);
                String upper = t.text.toUpperCase(Locale.ROOT);
                if (t.text.equals(";") && parentheses == 0 && cases == 0) {
                    break;
                }
                if (t.text.equals("(")) {
                    parentheses++;
                } else if (t.text.equals(")")) {
                    if (--parentheses < 0) {
                        throw new IllegalArgumentException("unbalanced ) at offset " + t.start);
                    }
                } else if (t.word && upper.equals("CASE")) {
                    cases++;
                } else if (t.word && upper.equals("END")) {
                    if (cases == 0) {
                        throw new IllegalArgumentException("statement at offset " + tokens.get(first).start
                                + " is not terminated by a semicolon before END at offset " + t.start);
                    }
                    cases--;
                } else if (t.word && upper.equals("BEGIN") && at[0] == first
                        && !(isWord(tokens, at[0] + 1, "TRANSACTION") || isWord(tokens, at[0] + 1, "WORK"))) {
                    throw new IllegalArgumentException("a bare BEGIN at offset " + t.start + " opens a nested block, not a transaction");
                }
                at[0]++;
            }
            Token last = tokens.get(at[0] - 1);
            if (at[0] == first) {
                throw new IllegalArgumentException("empty statement at offset " + tokens.get(first).start);
            }
            out.add(text.substring(tokens.get(first).start, last.end));
            at[0]++;
        }
    }

    private static void expectWord(List<Token> tokens, int[] at, String word) {
        if (!isWord(tokens, at[0], word)) {
            throw new IllegalArgumentException("expected " + word + (at[0] < tokens.size()
                    ? " at offset " + tokens.get(at[0]).start + ", found " + tokens.get(at[0]).text : " at the end"));
        }
        at[0]++;
    }

    private static String word(List<Token> tokens, int[] at) {
        if (at[0] >= tokens.size() || !tokens.get(at[0]).word) {
            throw new IllegalArgumentException("expected an exception name after WHEN");
        }
        return tokens.get(at[0]++).text.toUpperCase(Locale.ROOT);
    }

    private static boolean isWord(List<Token> tokens, int i, String word) {
        return i < tokens.size() && tokens.get(i).word && tokens.get(i).text.equalsIgnoreCase(word);
    }

    private record Token(String text, int start, int end, boolean word) {
    }

    /** Words, literals and punctuation with their offsets; comments and blanks dropped. */
    private static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("--", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated comment at offset " + i);
                }
                i = end + 2;
            } else if (s.startsWith("$$", i)) {
                int end = s.indexOf("$$", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated $$ string at offset " + i);
                }
                out.add(new Token(s.substring(i, end + 2), i, end + 2, false));
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int end = closing(s, i, c);
                out.add(new Token(s.substring(i, end + 1), i, end + 1, false));
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < n && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_' || s.charAt(end) == '$')) {
                    end++;
                }
                out.add(new Token(s.substring(i, end), i, end, true));
                i = end;
            } else {
                out.add(new Token(String.valueOf(c), i, i + 1, false));
                i++;
            }
        }
        return out;
    }

    private static int closing(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && quote == '\'') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i;
                }
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated " + quote + " at offset " + start);
    }
}
