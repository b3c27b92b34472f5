package io.twt.core.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One versioned migration: {@code V<version>__<description>.sql}, a script of statements with
 * optional {@code ${name}} placeholders. The checksum covers the script as written (before the
 * placeholders are filled in), so a changed bucket name is not a changed migration.
 */
public record Migration(int version, String description, String script) {

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3,})__([A-Za-z0-9_]+)\\.sql");

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration version must be at least 1, got " + version);
        }
    }

    /** Parses a file name such as {@code V002__raw_stream.sql}. */
    public static Migration fromFile(String fileName, String script) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException("migration file name " + fileName
                    + " does not match V<3+ digits>__<letters, digits, _>.sql");
        }
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), script);
    }

    /** SHA-256 of the script text, hex. */
    public String checksum() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
