package io.twt.core.trim;

import java.util.Locale;

/** The payload formats a line may be in. {@link #AUTO} detects the format of each line. */
public enum InputFormat {
    AUTO, V1, V2, TRIMMED;

    /** Parses the command-line spelling: auto, v1, v2 or trimmed. */
    public static InputFormat parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown input format '" + s + "': expected auto, v1, v2 or trimmed", e);
        }
    }
}
