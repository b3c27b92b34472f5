package io.twt.core.validate;

/**
 * The byte-level record rules: what a line must be, as bytes, before any JSON parser sees it.
 *
 * <p>Parsers differ most here, and each difference is a record that one engine takes and another
 * refuses. Jackson skips a leading byte order mark, detects UTF-16 and UTF-32 by itself and accepts
 * unpaired surrogate escapes; DuckDB's parser refuses all three ("Malformed JSON"), and Snowflake's
 * JSON file format refuses invalid UTF-8 unless {@code REPLACE_INVALID_CHARACTERS} is set
 * (https://docs.snowflake.com/en/sql-reference/sql/create-file-format; twt's {@code twt_ndjson}
 * format keeps the default, FALSE). So a line is refused here when it:
 * <ul>
 *   <li>is not UTF-8: a malformed or overlong sequence, an encoded surrogate, a code point above
 *       U+10FFFF, or UTF-16/UTF-32 text ({@link Problem#INVALID_UTF8});</li>
 *   <li>holds a control byte (0x00–0x1F) other than tab or CR between tokens, or a {@code \u0000}
 *       escape ({@link Problem#CONTROL_CHARACTER}): JSON allows none of them raw, and what an
 *       engine does with NUL inside a string is not documented for Snowflake;</li>
 *   <li>starts with a byte order mark ({@link Problem#BYTE_ORDER_MARK}): only the first line of an
 *       object may, and the line reader drops that one;</li>
 *   <li>has a {@code \uD800–\uDBFF} escape not followed by a {@code \uDC00–\uDFFF} escape, or a
 *       low one alone ({@link Problem#UNPAIRED_SURROGATE}).</li>
 * </ul>
 * One pass over the bytes, no allocation. Everything else about JSON syntax is Jackson's to judge.
 */
final class LineBytes {

    private LineBytes() {
    }

    /** The first byte-level rule {@code b[off, off+len)} breaks, or null. */
    static Problem check(byte[] b, int off, int len) {
        int end = off + len;
        if (len >= 3 && (b[off] & 0xff) == 0xef && (b[off + 1] & 0xff) == 0xbb && (b[off + 2] & 0xff) == 0xbf) {
            return Problem.of(Problem.BYTE_ORDER_MARK, null, "the line starts with a byte order mark (EF BB BF)");
        }
        boolean inString = false;
        int i = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c >= 0x80) {
                int next = endOfUtf8Sequence(b, i, end);
                if (next < 0) {
                    return Problem.of(Problem.INVALID_UTF8, null, "invalid UTF-8 at byte " + (i - off) + " of the line" + utf16Hint(b, off, len));
                }
                i = next;
            } else if (c < 0x20) {
                if (!inString && (c == '\t' || c == '\r')) {
                    i++;
                } else if (c == 0 && looksLikeUtf16Or32(b, off, len)) {
                    return Problem.of(Problem.INVALID_UTF8, null, "the line is UTF-16 or UTF-32 text (NUL bytes between its characters); records must be UTF-8");
                } else {
                    return Problem.of(Problem.CONTROL_CHARACTER, null,
                            String.format("control byte 0x%02X at byte %d of the line%s", c, i - off, inString ? ", inside a string" : ""));
                }
            } else if (!inString) {
                inString = c == '"';
                i++;
            } else if (c == '"') {
                inString = false;
                i++;
            } else if (c == '\\') {
                int at = i - off;
                int unit = unicodeEscape(b, i, end);
                if (unit < 0) {
                    i += 2; // a one-character escape, or a malformed one that Jackson will name
                } else if (unit == 0) {
                    return Problem.of(Problem.CONTROL_CHARACTER, null, "a \\u0000 escape at byte " + at + " of the line");
                } else if (isLowSurrogate(unit)) {
                    return unpaired(at, unit);
                } else if (isHighSurrogate(unit)) {
                    int low = unicodeEscape(b, i + 6, end);
                    if (low < 0 || !isLowSurrogate(low)) {
                        return unpaired(at, unit);
                    }
                    i += 12;
                } else {
                    i += 6;
                }
            } else {
                i++;
            }
        }
        return null;
    }

    private static Problem unpaired(int at, int unit) {
        return Problem.of(Problem.UNPAIRED_SURROGATE, null,
                String.format("the escape \\u%04x at byte %d of the line is half of a surrogate pair without its other half", unit, at));
    }

    /** The code unit of the {@code \}{@code uXXXX} escape starting at {@code i}, or -1 when there is none. */
    static int unicodeEscape(byte[] b, int i, int end) {
        if (i + 6 > end || b[i] != '\\' || b[i + 1] != 'u') {
            return -1;
        }
        int unit = 0;
        for (int k = i + 2; k < i + 6; k++) {
            int d = Character.digit(b[k], 16);
            if (d < 0) {
                return -1;
            }
            unit = unit << 4 | d;
        }
        return unit;
    }

    private static boolean isHighSurrogate(int unit) {
        return unit >= 0xd800 && unit <= 0xdbff;
    }

    private static boolean isLowSurrogate(int unit) {
        return unit >= 0xdc00 && unit <= 0xdfff;
    }

    /**
     * The index after the UTF-8 sequence that starts with the non-ASCII byte at {@code i}, or -1
     * when it is malformed, overlong, an encoded surrogate or above U+10FFFF.
     */
    static int endOfUtf8Sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int need;
        int min;
        if (c >= 0xc2 && c <= 0xdf) {
            need = 1;
            min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            need = 2;
            min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            need = 3;
            min = 0x10000;
        } else {
            return -1;
        }
        if (i + need >= end) {
            return -1;
        }
        int cp = c & (0x3f >> need);
        for (int k = 1; k <= need; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) {
                return -1;
            }
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
            return -1;
        }
        return i + need + 1;
    }

    /**
     * True when a NUL byte sits in the first or second byte of the line: a JSON text starts with an
     * ASCII character, which UTF-16 and UTF-32 (either byte order) write with a zero byte next to it.
     */
    private static boolean looksLikeUtf16Or32(byte[] b, int off, int len) {
        return len >= 2 && (b[off] == 0 || b[off + 1] == 0);
    }

    /** A hint for a line that starts with a UTF-16 or UTF-32 byte order mark, which is never UTF-8. */
    private static String utf16Hint(byte[] b, int off, int len) {
        if (len >= 2 && ((b[off] & 0xff) == 0xff && (b[off + 1] & 0xff) == 0xfe || (b[off] & 0xff) == 0xfe && (b[off + 1] & 0xff) == 0xff)) {
            return " (a UTF-16 or UTF-32 byte order mark; records must be UTF-8)";
        }
        return "";
    }
}
