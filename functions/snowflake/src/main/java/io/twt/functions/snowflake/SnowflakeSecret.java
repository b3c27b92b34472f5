package io.twt.functions.snowflake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.twt.core.sql.Identifiers;
import java.io.IOException;
import java.security.PrivateKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the Snowflake secret holds, parsed and checked: where to connect, as whom, and the RSA key
 * for key-pair (JWT) authentication. Role, warehouse, database and schema are in their canonical
 * upper-case form (see {@link Identifiers}). {@link #toString()} never shows the key.
 *
 * <p>The secret is one JSON object of strings: {@code account}, {@code user}, {@code role},
 * {@code warehouse}, {@code database}, {@code schema}, {@code private_key} (a PKCS#8 PEM, plain or
 * encrypted) and, for an encrypted key, {@code private_key_passphrase}. Other fields are ignored.
 */
public record SnowflakeSecret(
        String account, String user, String role, String warehouse, String database, String schema, PrivateKey privateKey) {

    static final String ACCOUNT = "account";
    static final String USER = "user";
    static final String ROLE = "role";
    static final String WAREHOUSE = "warehouse";
    static final String DATABASE = "database";
    static final String SCHEMA = "schema";
    static final String PRIVATE_KEY = "private_key";
    static final String PRIVATE_KEY_PASSPHRASE = "private_key_passphrase";

    private static final List<String> REQUIRED = List.of(ACCOUNT, USER, ROLE, WAREHOUSE, DATABASE, SCHEMA, PRIVATE_KEY);
    private static final Pattern ACCOUNT_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,254}");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /**
     * Parses the secret's JSON.
     *
     * @throws SnowflakeSecretException naming the field and the problem; never quoting the key or passphrase
     */
    public static SnowflakeSecret parse(String json) {
        if (json == null || json.isBlank()) {
            throw new SnowflakeSecretException("the secret is empty");
        }
        Map<String, String> fields = readStringFields(json);
        for (String name : REQUIRED) {
            String value = fields.get(name);
            if (value == null) {
                throw new SnowflakeSecretException("missing field: " + name);
            }
            if (value.isBlank()) {
                throw new SnowflakeSecretException("empty field: " + name);
            }
            if (!name.equals(PRIVATE_KEY) && value.contains("-----BEGIN")) {
                // Checked before any message quotes the value: a key pasted into the wrong field.
                throw new SnowflakeSecretException("field " + name + " holds a PEM block; the key belongs in " + PRIVATE_KEY);
            }
        }
        String account = account(fields.get(ACCOUNT).strip());
        PrivateKey key = PrivateKeyPem.decode(PRIVATE_KEY, fields.get(PRIVATE_KEY), fields.get(PRIVATE_KEY_PASSPHRASE), PRIVATE_KEY_PASSPHRASE);
        return new SnowflakeSecret(
                account,
                fields.get(USER).strip(),
                identifier(ROLE, fields),
                identifier(WAREHOUSE, fields),
                identifier(DATABASE, fields),
                identifier(SCHEMA, fields),
                key);
    }

    /**
     * An account identifier as the host name takes it: {@code myorg-myaccount}, or a locator with
     * its region ({@code xy12345.us-east-2.aws}). A URL or host name pasted here is refused.
     */
    private static String account(String value) {
        if (value.contains("snowflakecomputing") || value.contains("/")) {
            throw new SnowflakeSecretException("account \"" + value + "\" looks like a URL or host name;"
                    + " give the account identifier only, e.g. myorg-myaccount");
        }
        if (!ACCOUNT_PATTERN.matcher(value).matches()) {
            throw new SnowflakeSecretException("account \"" + value + "\" is not a Snowflake account identifier"
                    + " (letters, digits, '-', '_' and '.', e.g. myorg-myaccount or xy12345.us-east-2.aws)");
        }
        return value;
    }

    private static String identifier(String field, Map<String, String> fields) {
        try {
            return Identifiers.canonical(field, fields.get(field).strip());
        } catch (IllegalArgumentException e) {
            throw new SnowflakeSecretException(e.getMessage());
        }
    }

    /** The top-level string fields; a known field holding anything but a string is an error. */
    private static Map<String, String> readStringFields(String json) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new SnowflakeSecretException("the secret is not a JSON object");
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, parser.getText());
                } else if (value != JsonToken.VALUE_NULL && (REQUIRED.contains(name) || PRIVATE_KEY_PASSPHRASE.equals(name))) {
                    throw new SnowflakeSecretException("field " + name + " must be a string");
                } else {
                    parser.skipChildren();
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new SnowflakeSecretException("the secret is not a single JSON object");
            }
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the input around the error: only the position is safe to tell.
            JsonLocation at = e.getLocation();
            throw new SnowflakeSecretException("the secret is not valid JSON"
                    + (at == null ? "" : " (syntax error at line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new SnowflakeSecretException("the secret could not be read as JSON");
        }
        return fields;
    }

    @Override
    public String toString() {
        return "SnowflakeSecret[account=" + account + ", user=" + user + ", role=" + role + ", warehouse=" + warehouse
                + ", database=" + database + ", schema=" + schema + ", privateKey=<redacted>]";
    }
}
