package io.twt.functions.snowflake;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemWriter;

/** Keys made for the tests: nothing here is a real credential. */
final class TestKeys {

    /** One 2048-bit pair for the whole run: generating one takes a noticeable fraction of a second. */
    static final KeyPair RSA = generate("RSA", 2048);

    private TestKeys() {
    }

    static KeyPair generate(String algorithm, int size) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (size > 0) {
                generator.initialize(size);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "BEGIN PRIVATE KEY" PEM, 64-character lines, as openssl writes it. */
    static String pkcs8Pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /**
     * "BEGIN ENCRYPTED PRIVATE KEY" PEM as {@code openssl pkcs8 -topk8 -v2 aes-256-cbc} makes it
     * (PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC) when {@code scheme} is
     * {@link PKCS8Generator#AES_256_CBC}; other schemes for the other openssl options.
     */
    static String encryptedPkcs8Pem(PrivateKey key, String passphrase, ASN1ObjectIdentifier scheme) {
        try {
            JceOpenSSLPKCS8EncryptorBuilder encryptor = new JceOpenSSLPKCS8EncryptorBuilder(scheme)
                    .setProvider(new BouncyCastleProvider())
                    .setPassword(passphrase.toCharArray())
                    .setIterationCount(2048);
            if (!scheme.equals(PKCS8Generator.PBE_SHA1_3DES)) {
                encryptor.setPRF(PKCS8Generator.PRF_HMACSHA256);
            }
            StringWriter out = new StringWriter();
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(new JcaPKCS8Generator(key, encryptor.build()).generate());
            }
            return out.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The PEM's base64 lines: what must never show up in a message or a log. */
    static java.util.List<String> bodyLines(String pem) {
        return pem.lines().filter(line -> !line.startsWith("-----") && !line.isBlank()).toList();
    }

    /** Signs with {@code privateKey} and checks the signature with {@code publicKey}. */
    static boolean signsFor(PrivateKey privateKey, PublicKey publicKey) {
        try {
            byte[] message = "twt key check".getBytes();
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(privateKey);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
