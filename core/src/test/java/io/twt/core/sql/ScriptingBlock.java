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
 * would open a nested block, which this parser refuses. {@code IF (<condition>) THEN <statement>;
 * ... END IF;} (https://docs.snowflake.com/sql-reference/snowflake-scripting/if) is read without
 * ELSE or ELSEIF: its statements are part of the body, and the IF is one of {@link #ifs()}.
 *
 * @param body     the statements between BEGIN and EXCEPTION (or END), as written, without their
 *                 semicolons; those of an IF among them, in their place
 * @param ifs      each IF of the body, with the range of the body it holds
 * @param handler  the statements of the exception handler
 */
record ScriptingBlock(List<String> body, List<If> ifs, String handlerCondition, List<String> handler) {

    /** An IF of the body: its condition, as written, and the statements it holds, body[from, to). */
    record If(String condition, int from, int to) {
    }

    /** @throws IllegalArgumentException saying where the text stops being a well-formed block */
    static ScriptingBlock parse(String text) {
        List<Token> tokens = tokens(text);
        int[] at = {0};
        expectWord(tokens, at, "BEGIN");
        if (isWord(tokens, at[0], "TRANSACTION") || isWord(tokens, at[0], "WORK")) {
            throw new IllegalArgumentException("the text starts a transaction, not a block");
        }
        List<String> body = new ArrayList<>();
        List<If> ifs = new ArrayList<>();
        statements(text, tokens, at, body, ifs, "EXCEPTION", "END");
        String condition = null;
        List<String> handler = new ArrayList<>();
        if (isWord(tokens, at[0], "EXCEPTION")) {
            at[0]++;
            expectWord(tokens, at, "WHEN");
            condition = word(tokens, at);
            expectWord(tokens, at, "THEN");
            statements(text, tokens, at, handler, null, "END");
        }
        expectWord(tokens, at, "END");
        if (at[0] < tokens.size() && tokens.get(at[0]).text.equals(";")) {
            at[0]++;
        }
        if (at[0] != tokens.size()) {
            throw new IllegalArgumentException("text after the block's END at offset " + tokens.get(at[0]).start);
        }
        return new ScriptingBlock(body, ifs, condition, handler);
    }

    /**
     * Statements up to one of the {@code stops} words at depth 0, added to {@code out}; each must end
     * with a semicolon. An IF adds its statements to {@code out} and itself to {@code ifs} (null: no IF allowed).
     */
    private static void statements(String text, List<Token> tokens, int[] at, List<String> out, List<If> ifs, String... stops) {
        while (true) {
            if (at[0] >= tokens.size()) {
                throw new IllegalArgumentException("the block has no END");
            }
            for (String stop : stops) {
                if (isWord(tokens, at[0], stop)) {
                    return;
                }
            }
            if (isWord(tokens, at[0], "IF")) {
                if (ifs == null) {
                    throw new IllegalArgumentException("an IF at offset " + tokens.get(at[0]).start + " where none is expected");
                }
                at[0]++;
                String condition = condition(text, tokens, at);
                expectWord(tokens, at, "THEN");
                int from = out.size();
                statements(text, tokens, at, out, ifs, "END", "ELSE", "ELSEIF");
                expectWord(tokens, at, "END");
                expectWord(tokens, at, "IF");
                if (at[0] >= tokens.size() || !tokens.get(at[0]).text.equals(";")) {
                    throw new IllegalArgumentException("END IF is not terminated by a semicolon");
                }
                at[0]++;
                ifs.add(new If(condition, from, out.size()));
                continue;
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

    /** The parenthesised condition of an IF, as written between its parentheses. */
    private static String condition(String text, List<Token> tokens, int[] at) {
        if (at[0] >= tokens.size() || !tokens.get(at[0]).text.equals("(")) {
            throw new IllegalArgumentException("IF without a parenthesised condition");
        }
        int open = at[0];
        int depth = 0;
        do {
            if (at[0] >= tokens.size()) {
                throw new IllegalArgumentException("unbalanced ( at offset " + tokens.get(open).start);
            }
            String t = tokens.get(at[0]++).text;
            depth += t.equals("(") ? 1 : t.equals(")") ? -1 : 0;
        } while (depth > 0);
        return text.substring(tokens.get(open).end, tokens.get(at[0] - 1).start).strip();
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
