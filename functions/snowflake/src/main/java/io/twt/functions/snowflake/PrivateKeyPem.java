package io.twt.functions.snowflake;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Turns the secret's PEM text into the RSA private key the driver signs its login JWT with.
 *
 * <p>Accepts PKCS#8, plain ({@code BEGIN PRIVATE KEY}, decoded by the JDK) or encrypted
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}, e.g. {@code openssl pkcs8 -topk8 -v2 aes-256-cbc},
 * decrypted with BouncyCastle). Lenient with how keys get pasted into JSON: literal {@code \n}
 * escapes, missing or extra line breaks, surrounding blanks. Every error names the field and the
 * problem and never contains key material or the passphrase; no exception from the parsers is
 * passed on, as their messages are not guaranteed free of input bytes.
 */
final class PrivateKeyPem {

    private static final String WRONG_PASSPHRASE = "wrong passphrase or corrupt key";
    private static final String CORRUPT_RSA = "not a valid RSA private key (corrupt)";

    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final String CONVERT_HINT = "convert it with: openssl pkcs8 -topk8 -v2 aes-256-cbc -in key.pem -out key.p8";

    /** Names of the key algorithms people most often paste by mistake. */
    private static final Map<String, String> ALGORITHM_NAMES = Map.of(
            "1.2.840.10045.2.1", "EC",
            "1.2.840.10040.4.1", "DSA",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.113549.1.1.10", "RSASSA-PSS");

    private PrivateKeyPem() {
    }

    /**
     * @param field the secret field holding the PEM, for messages
     * @param passphrase the passphrase, or null when the secret has none
     * @param passphraseField the secret field holding the passphrase, for messages
     */
    static PrivateKey decode(String field, String pem, String passphrase, String passphraseField) {
        // A PEM pasted into a JSON string often keeps its line breaks as the two characters \ and n.
        String text = pem.replace("\\r", "\n").replace("\\n", "\n");
        Matcher block = PEM_BLOCK.matcher(text);
        if (!block.find()) {
            throw error(field, "no PEM block found (expected -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----"
                    + " through the matching -----END ...----- line)");
        }
        String label = block.group(1);
        String body = block.group(2);
        if (body.contains(":")) {
            // "Proc-Type: 4,ENCRYPTED" / "DEK-Info:" headers: OpenSSL's legacy encryption, not PKCS#8.
            throw error(field, "has PEM headers (legacy OpenSSL encryption), which is not supported; " + CONVERT_HINT);
        }
        switch (label) {
            case "PRIVATE KEY":
                return rsaKey(field, base64(field, body), null);
            case "ENCRYPTED PRIVATE KEY":
                if (passphrase == null || passphrase.isEmpty()) {
                    throw error(field, "encrypted but " + passphraseField + " is missing");
                }
                // Decrypted with a wrong key, or from a damaged ciphertext, the bytes can still parse.
                return rsaKey(field, decrypt(field, base64(field, body), passphrase), WRONG_PASSPHRASE);
            case "RSA PRIVATE KEY":
                throw error(field, "a PKCS#1 key (BEGIN RSA PRIVATE KEY) is not supported, PKCS#8 is needed; " + CONVERT_HINT);
            case "PUBLIC KEY":
            case "RSA PUBLIC KEY":
                throw error(field, "holds a public key (BEGIN " + label + "); the private key is needed");
            default:
                throw error(field, "unsupported PEM type \"" + label + "\" (expected PRIVATE KEY or ENCRYPTED PRIVATE KEY); " + CONVERT_HINT);
        }
    }

    private static byte[] base64(String field, String body) {
        try {
            byte[] der = Base64.getDecoder().decode(WHITESPACE.matcher(body).replaceAll(""));
            if (der.length == 0) {
                throw error(field, "the PEM block is empty");
            }
            return der;
        } catch (IllegalArgumentException e) {
            throw error(field, "the PEM body is not valid base64");
        }
    }

    private static byte[] decrypt(String field, byte[] der, String passphrase) {
        PKCS8EncryptedPrivateKeyInfo encrypted;
        try {
            encrypted = new PKCS8EncryptedPrivateKeyInfo(der);
        } catch (IOException | RuntimeException e) {
            throw error(field, "not a valid encrypted PKCS#8 key (corrupt or truncated)");
        }
        InputDecryptorProvider decryptors;
        try {
            decryptors = new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(passphrase.toCharArray());
            decryptors.get(encrypted.getEncryptionAlgorithm());
        } catch (OperatorCreationException | RuntimeException e) {
            throw error(field, "encrypted with an unsupported scheme (" + encrypted.getEncryptionAlgorithm().getAlgorithm() + "); " + CONVERT_HINT);
        }
        try {
            return encrypted.decryptPrivateKeyInfo(decryptors).getEncoded();
        } catch (PKCSException | IOException | RuntimeException e) {
            throw error(field, WRONG_PASSPHRASE);
        }
    }

    /** @param corrupt what to call a key that does not parse or does not hold together, or null for the plain key's words */
    private static PrivateKey rsaKey(String field, byte[] pkcs8, String corrupt) {
        ASN1ObjectIdentifier algorithm;
        try {
            algorithm = PrivateKeyInfo.getInstance(pkcs8).getPrivateKeyAlgorithm().getAlgorithm();
        } catch (RuntimeException e) {
            throw error(field, corrupt != null ? corrupt : "not a valid PKCS#8 private key (corrupt or truncated)");
        }
        if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            String name = ALGORITHM_NAMES.getOrDefault(algorithm.getId(), "non-RSA (" + algorithm.getId() + ")");
            throw error(field, "the key type is " + name + "; Snowflake key-pair authentication needs an RSA key");
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw error(field, corrupt != null ? corrupt : CORRUPT_RSA);
        }
        if (!(key instanceof RSAPrivateCrtKey)) {
            // The driver derives the public key (for the JWT's fingerprint) from the CRT parameters.
            throw error(field, "the RSA key lacks its CRT parameters (public exponent); export the full key with openssl pkcs8 -topk8");
        }
        if (!holdsTogether((RSAPrivateCrtKey) key)) {
            throw error(field, corrupt != null ? corrupt : CORRUPT_RSA);
        }
        return key;
    }

    /**
     * Whether the key's numbers are one RSA key: n = pq, and the CRT values follow from d. A damaged
     * body can still parse as DER (bytes changed inside an integer), and such a key would only be
     * refused by Snowflake as an invalid JWT, far from the cause.
     */
    private static boolean holdsTogether(RSAPrivateCrtKey k) {
        BigInteger p = k.getPrimeP();
        BigInteger q = k.getPrimeQ();
        BigInteger d = k.getPrivateExponent();
        if (p.signum() <= 0 || q.signum() <= 0) {
            return false;
        }
        BigInteger pMinus1 = p.subtract(BigInteger.ONE);
        BigInteger qMinus1 = q.subtract(BigInteger.ONE);
        BigInteger de = d.multiply(k.getPublicExponent());
        return k.getModulus().equals(p.multiply(q))
                && de.mod(pMinus1).equals(BigInteger.ONE)
                && de.mod(qMinus1).equals(BigInteger.ONE)
                && k.getPrimeExponentP().equals(d.mod(pMinus1))
                && k.getPrimeExponentQ().equals(d.mod(qMinus1))
                && k.getCrtCoefficient().multiply(q).mod(p).equals(BigInteger.ONE);
    }

    /**
     * BouncyCastle's provider, used directly and not registered with the JVM (the driver brings its
     * own copy). Built on first need: it takes a moment, and only encrypted keys need it.
     */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    private static SnowflakeSecretException error(String field, String problem) {
        return new SnowflakeSecretException(field + ": " + problem);
    }
}
