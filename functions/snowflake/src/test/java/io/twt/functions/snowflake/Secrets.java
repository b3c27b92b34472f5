package io.twt.functions.snowflake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Secret JSON as an operator would store it, built field by field. */
final class Secrets {

    static final String PASSPHRASE = "correct horse battery staple 7";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Secrets() {
    }

    /** All fields, the test RSA key unencrypted. */
    static Map<String, Object> fields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("account", "myorg-myaccount");
        fields.put("user", "twt_loader");
        fields.put("role", "twt_role");
        fields.put("warehouse", "twt_wh");
        fields.put("database", "twt_db");
        fields.put("schema", "public");
        fields.put("private_key", TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate()));
        return fields;
    }

    static String json(Map<String, Object> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String json() {
        return json(fields());
    }
}
