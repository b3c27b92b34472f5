package io.twt.functions.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractThrowableAssert;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.openssl.PKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnowflakeSecretTest {

    private static final String PEM = TestKeys.pkcs8Pem(TestKeys.RSA.getPrivate());

    @Test
    void aPlainPkcs8KeyGivesAWorkingRsaKeyAndTheNamesAreCanonical() {
        SnowflakeSecret secret = SnowflakeSecret.parse(Secrets.json());

        assertThat(secret.account()).isEqualTo("myorg-myaccount");
        assertThat(secret.user()).isEqualTo("twt_loader");
        assertThat(secret.role()).isEqualTo("TWT_ROLE");
        assertThat(secret.warehouse()).isEqualTo("TWT_WH");
        assertThat(secret.database()).isEqualTo("TWT_DB");
        assertThat(secret.schema()).isEqualTo("PUBLIC");
        assertThat(secret.privateKey()).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(TestKeys.signsFor(secret.privateKey(), TestKeys.RSA.getPublic())).isTrue();
    }

    @Test
    void toStringShowsWhereAndWhoButNeverTheKey() {
        SnowflakeSecret secret = SnowflakeSecret.parse(Secrets.json());

        assertThat(secret.toString())
                .isEqualTo("SnowflakeSecret[account=myorg-myaccount, user=twt_loader, role=TWT_ROLE, warehouse=TWT_WH,"
                        + " database=TWT_DB, schema=PUBLIC, privateKey=<redacted>]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AES_256_CBC", "AES_128_CBC", "DES3_CBC", "PBE_SHA1_3DES"})
    void anEncryptedPkcs8KeyIsDecryptedWithThePassphrase(String scheme) throws ReflectiveOperationException {
        ASN1ObjectIdentifier oid = (ASN1ObjectIdentifier) PKCS8Generator.class.getField(scheme).get(null);
        Map<String, Object> fields = Secrets.fields();
        fields.put("private_key", TestKeys.encryptedPkcs8Pem(TestKeys.RSA.getPrivate(), Secrets.PASSPHRASE, oid));
        fields.put("private_key_passphrase", Secrets.PASSPHRASE);

        SnowflakeSecret secret = SnowflakeSecret.parse(Secrets.json(fields));

        assertThat((String) fields.get("private_key")).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n");
        assertThat(secret.privateKey()).isEqualTo(TestKeys.RSA.getPrivate());
        assertThat(TestKeys.signsFor(secret.privateKey(), TestKeys.RSA.getPublic())).isTrue();
    }

    @Test
    void keysPastedWithEscapedNewlinesOnOneLineOrWithCarriageReturnsAreAccepted() {
        List<String> pastes = new ArrayList<>();
        pastes.add(PEM.replace("\n", "\\n"));
        pastes.add(PEM.replace("\n", "\\r\\n"));
        pastes.add(PEM.replace("\n", " "));
        pastes.add(PEM.replace("\n", "\r\n"));
        pastes.add("  \n" + PEM + "\n\n  ");
        List<String> body = TestKeys.bodyLines(PEM);
        pastes.add("-----BEGIN PRIVATE KEY-----" + String.join("", body) + "-----END PRIVATE KEY-----");
        String encrypted = TestKeys.encryptedPkcs8Pem(TestKeys.RSA.getPrivate(), Secrets.PASSPHRASE, PKCS8Generator.AES_256_CBC);

        for (String paste : pastes) {
            Map<String, Object> fields = Secrets.fields();
            fields.put("private_key", paste);
            assertThat(SnowflakeSecret.parse(Secrets.json(fields)).privateKey()).as(paste).isEqualTo(TestKeys.RSA.getPrivate());
        }
        Map<String, Object> fields = Secrets.fields();
        fields.put("private_key", encrypted.replace("\n", "\\n"));
        fields.put("private_key_passphrase", Secrets.PASSPHRASE);
        assertThat(SnowflakeSecret.parse(Secrets.json(fields)).privateKey()).isEqualTo(TestKeys.RSA.getPrivate());
    }

    @Test
    void otherFieldsAreIgnoredAndSurroundingBlanksTrimmed() {
        Map<String, Object> fields = Secrets.fields();
        fields.put("comment", Map.of("owner", "data team"));
        fields.put("warehouse", " twt_wh ");
        fields.put("account", "xy12345.us-east-2.aws");

        SnowflakeSecret secret = SnowflakeSecret.parse(Secrets.json(fields));

        assertThat(secret.warehouse()).isEqualTo("TWT_WH");
        assertThat(secret.account()).isEqualTo("xy12345.us-east-2.aws");
    }

    @Test
    void notJsonOrNotAnObjectIsRefusedWithoutQuotingTheInput() {
        String brokenJson = "{\"account\": \"a\", \"private_key\": \"" + PEM.replace("\n", "\\n") + "\" oops}";
        assertRejected(brokenJson, message -> assertThat(message).startsWith("the secret is not valid JSON (syntax error at line 1, column"));
        assertRejected("[\"" + PEM.replace("\n", "\\n") + "\"]", message -> assertThat(message).isEqualTo("the secret is not a JSON object"));
        assertRejected(Secrets.json() + " {}", message -> assertThat(message).isEqualTo("the secret is not a single JSON object"));
        assertRejected("  ", message -> assertThat(message).isEqualTo("the secret is empty"));
        assertRejected(PEM, message -> assertThat(message).startsWith("the secret is not valid JSON"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"account", "user", "role", "warehouse", "database", "schema", "private_key"})
    void eachRequiredFieldIsNamedWhenMissingEmptyOrNotAString(String field) {
        Map<String, Object> missing = Secrets.fields();
        missing.remove(field);
        assertRejected(Secrets.json(missing), message -> assertThat(message).isEqualTo("missing field: " + field));

        Map<String, Object> nulled = Secrets.fields();
        nulled.put(field, null);
        assertRejected(Secrets.json(nulled), message -> assertThat(message).isEqualTo("missing field: " + field));

        Map<String, Object> empty = Secrets.fields();
        empty.put(field, " ");
        assertRejected(Secrets.json(empty), message -> assertThat(message).isEqualTo("empty field: " + field));

        Map<String, Object> number = Secrets.fields();
        number.put(field, 42);
        assertRejected(Secrets.json(number), message -> assertThat(message).isEqualTo("field " + field + " must be a string"));
    }

    @Test
    void namesThatAreNotUnquotedIdentifiersAreRefusedWithTheRule() {
        Map<String, Object> fields = Secrets.fields();
        fields.put("warehouse", "twt wh\"; drop table x; --");
        assertRejected(Secrets.json(fields), message -> assertThat(message).isEqualTo(
                "warehouse \"twt wh\"; drop table x; --\" is not a valid unquoted Snowflake identifier:"
                        + " only letters (A-Z, a-z), digits, '_' and '$' are allowed; a space at position 4 is not"));

        fields = Secrets.fields();
        fields.put("schema", "9lives");
        assertRejected(Secrets.json(fields), message -> assertThat(message).endsWith("it must start with a letter (A-Z, a-z) or '_', not '9'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"account", "user", "role", "warehouse", "database", "schema"})
    void aKeyPastedIntoAnotherFieldIsNamedWithoutBeingQuoted(String field) {
        Map<String, Object> fields = Secrets.fields();
        fields.put(field, PEM);
        assertRejected(Secrets.json(fields), message ->
                assertThat(message).isEqualTo("field " + field + " holds a PEM block; the key belongs in private_key"));
    }

    @Test
    void anAccountGivenAsAUrlOrWithOddCharactersIsRefused() {
        Map<String, Object> fields = Secrets.fields();
        fields.put("account", "https://myorg-myaccount.snowflakecomputing.com");
        assertRejected(Secrets.json(fields), message -> assertThat(message).isEqualTo(
                "account \"https://myorg-myaccount.snowflakecomputing.com\" looks like a URL or host name;"
                        + " give the account identifier only, e.g. myorg-myaccount"));
        fields.put("account", "my account");
        assertRejected(Secrets.json(fields), message -> assertThat(message).startsWith(
                "account \"my account\" is not a Snowflake account identifier"));
    }

    @Test
    void anEncryptedKeyWithoutItsPassphraseIsNamed() {
        Map<String, Object> fields = Secrets.fields();
        fields.put("private_key", TestKeys.encryptedPkcs8Pem(TestKeys.RSA.getPrivate(), Secrets.PASSPHRASE, PKCS8Generator.AES_256_CBC));
        assertRejected(Secrets.json(fields), message ->
                assertThat(message).isEqualTo("private_key: encrypted but private_key_passphrase is missing"));
        fields.put("private_key_passphrase", "");
        assertRejected(Secrets.json(fields), message ->
                assertThat(message).isEqualTo("private_key: encrypted but private_key_passphrase is missing"));
    }

    @Test
    void aWrongPassphraseOrACorruptEncryptedKeyIsNamedWithoutEitherValue() {
        String encrypted = TestKeys.encryptedPkcs8Pem(TestKeys.RSA.getPrivate(), Secrets.PASSPHRASE, PKCS8Generator.AES_256_CBC);
        Map<String, Object> fields = Secrets.fields();
        fields.put("private_key", encrypted);
        fields.put("private_key_passphrase", "wrong-" + Secrets.PASSPHRASE);
        assertRejected(Secrets.json(fields), message -> assertThat(message).isEqualTo("private_key: wrong passphrase or corrupt key"));

        // Flip bytes inside the ciphertext (the last full body line), keeping the base64 valid.
        List<String> lines = new ArrayList<>(encrypted.lines().toList());
        int last = lines.size() - 3;
        String line = lines.get(last);
        lines.set(last, new StringBuilder(line).reverse().toString());
        fields.put("private_key", String.join("\n", lines));
        fields.put("private_key_passphrase", Secrets.PASSPHRASE);
        assertRejected(Secrets.json(fields), message -> assertThat(message).isEqualTo("private_key: wrong passphrase or corrupt key"));
    }

    /**
     * A key whose DER still parses but whose numbers do not belong together (one CRT value changed, as
     * a damaged body or a wrong passphrase can give): refused here, not later by Snowflake as a bad JWT.
     */
    @Test
    void aKeyWhoseNumbersDoNotHoldTogetherIsRefusedAsCorrupt() throws Exception {
        RSAPrivateCrtKey good = (RSAPrivateCrtKey) TestKeys.RSA.getPrivate();
        for (int changed = 0; changed < 4; changed++) {
            BigInteger[] n = {good.getModulus(), good.getPrivateExponent(), good.getPrimeExponentP(), good.getCrtCoefficient()};
            n[changed] = n[changed].add(BigInteger.TWO);
            PrivateKey damaged = KeyFactory.getInstance("RSA").generatePrivate(new RSAPrivateCrtKeySpec(n[0], good.getPublicExponent(),
                    n[1], good.getPrimeP(), good.getPrimeQ(), n[2], good.getPrimeExponentQ(), n[3]));
            assertKeyRejected(TestKeys.pkcs8Pem(damaged), "private_key: not a valid RSA private key (corrupt)");
            assertKeyRejected(TestKeys.encryptedPkcs8Pem(damaged, Secrets.PASSPHRASE, PKCS8Generator.AES_256_CBC),
                    "private_key: wrong passphrase or corrupt key", Secrets.PASSPHRASE);
        }
    }

    @Test
    void badPemIsNamed() {
        assertKeyRejected("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "private_key: no PEM block found (expected -----BEGIN PRIVATE KEY-----"
                + " or -----BEGIN ENCRYPTED PRIVATE KEY----- through the matching -----END ...----- line)");
        assertKeyRejected(PEM.replace("-----END PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----"), "private_key: no PEM block found"
                + " (expected -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY----- through the matching -----END ...----- line)");
        assertKeyRejected(TestKeys.pem("PRIVATE KEY", new byte[0]), "private_key: the PEM block is empty");
        assertKeyRejected(PEM.replace("M", "*"), "private_key: the PEM body is not valid base64");
        byte[] der = TestKeys.RSA.getPrivate().getEncoded();
        assertKeyRejected(TestKeys.pem("PRIVATE KEY", java.util.Arrays.copyOf(der, der.length / 2)),
                "private_key: not a valid PKCS#8 private key (corrupt or truncated)");
        assertKeyRejected(TestKeys.pem("ENCRYPTED PRIVATE KEY", der), "private_key: not a valid encrypted PKCS#8 key (corrupt or truncated)",
                Secrets.PASSPHRASE);
        assertKeyRejected("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----",
                "private_key: has PEM headers (legacy OpenSSL encryption), which is not supported;"
                        + " convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key.p8");
    }

    @Test
    void unsupportedKeyKindsAreNamed() {
        KeyPair ec = TestKeys.generate("EC", 256);
        assertKeyRejected(TestKeys.pkcs8Pem(ec.getPrivate()),
                "private_key: the key type is EC; Snowflake key-pair authentication needs an RSA key");
        KeyPair ed = TestKeys.generate("Ed25519", 0);
        assertKeyRejected(TestKeys.pkcs8Pem(ed.getPrivate()),
                "private_key: the key type is Ed25519; Snowflake key-pair authentication needs an RSA key");
        assertKeyRejected(TestKeys.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}),
                "private_key: a PKCS#1 key (BEGIN RSA PRIVATE KEY) is not supported, PKCS#8 is needed;"
                        + " convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key.p8");
        assertKeyRejected(TestKeys.pem("PUBLIC KEY", TestKeys.RSA.getPublic().getEncoded()),
                "private_key: holds a public key (BEGIN PUBLIC KEY); the private key is needed");
        assertKeyRejected(TestKeys.pem("OPENSSH PRIVATE KEY", new byte[] {1, 2, 3}),
                "private_key: unsupported PEM type \"OPENSSH PRIVATE KEY\" (expected PRIVATE KEY or ENCRYPTED PRIVATE KEY);"
                        + " convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key.p8");
    }

    private static void assertKeyRejected(String pem, String expected) {
        assertKeyRejected(pem, expected, null);
    }

    private static void assertKeyRejected(String pem, String expected, String passphrase) {
        Map<String, Object> fields = Secrets.fields();
        fields.put("private_key", pem);
        if (passphrase != null) {
            fields.put("private_key_passphrase", passphrase);
        }
        assertRejected(Secrets.json(fields), message -> assertThat(message).isEqualTo(expected));
    }

    /** The secret is refused with a message that passes {@code check} and holds no key line and no passphrase. */
    private static void assertRejected(String json, Consumer<String> check) {
        AbstractThrowableAssert<?, ? extends Throwable> refused = assertThatThrownBy(() -> SnowflakeSecret.parse(json))
                .isInstanceOf(SnowflakeSecretException.class)
                .hasNoCause();
        refused.satisfies(e -> {
            check.accept(e.getMessage());
            assertThat(e.getMessage()).doesNotContain(Secrets.PASSPHRASE);
            for (String line : TestKeys.bodyLines(PEM)) {
                assertThat(e.getMessage()).doesNotContain(line);
            }
        });
    }
}
