package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.template.LambdaEnvironment.RoleCredentials;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a recorded request's Signature Version 4 header against a secret access key: the stand-ins
 * accept a request only if it was signed with the key they expect, which the access key id alone
 * would not prove. Covers what the SDK sends here (header signing, one region and service per
 * credential scope); the payload hash is the {@code x-amz-content-sha256} header when present
 * (S3), else the body's.
 */
final class SigV4 {

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    /** What an Authorization header names: the key id and scope, and the signature. */
    record Authorization(String accessKeyId, String date, String region, String service, List<String> signedHeaders, String signature) {
    }

    private SigV4() {
    }

    /** The parsed Authorization header, or null when there is none or it is not SigV4. */
    static Authorization authorization(LoopbackServer.Request request) {
        String header = request.header("Authorization");
        if (header == null) {
            return null;
        }
        Matcher m = AUTHORIZATION.matcher(header);
        if (!m.matches()) {
            return null;
        }
        return new Authorization(m.group(1), m.group(2), m.group(3), m.group(4), List.of(m.group(5).split(";")), m.group(6));
    }

    /** Whether the request carries a valid signature made with this secret key. */
    static boolean signedWith(LoopbackServer.Request request, String secretAccessKey) {
        Authorization auth = authorization(request);
        String amzDate = request.header("X-Amz-Date");
        if (auth == null || amzDate == null || !amzDate.startsWith(auth.date())) {
            return false;
        }
        String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + hex(sha256(canonicalRequest(request, auth)));
        byte[] key = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        return MessageDigest.isEqual(hex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII),
                auth.signature().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Asserts that there were requests and that each was signed for {@code service} with these
     * credentials: their key id in the scope, their session token, a signature their secret key makes.
     */
    static void assertSignedWith(String what, List<LoopbackServer.Request> requests, RoleCredentials credentials, String service) {
        assertThat(requests).as("requests to %s", what).isNotEmpty();
        for (LoopbackServer.Request request : requests) {
            Authorization auth = authorization(request);
            assertThat(auth).as("%s: %s has a SigV4 Authorization header", what, request).isNotNull();
            assertThat(auth.accessKeyId()).as("%s: %s is signed with the key id", what, request).isEqualTo(credentials.accessKeyId());
            assertThat(auth.service()).as("%s: %s is signed for", what, request).isEqualTo(service);
            assertThat(request.header("X-Amz-Security-Token")).as("%s: %s carries the session token", what, request)
                    .isEqualTo(credentials.sessionToken());
            assertThat(signedWith(request, credentials.secretAccessKey())).as("%s: %s has a signature the secret key makes", what, request)
                    .isTrue();
        }
    }

    private static String canonicalRequest(LoopbackServer.Request request, Authorization auth) {
        StringBuilder canonical = new StringBuilder();
        String path = request.uri().getRawPath();
        canonical.append(request.method()).append('\n').append(path == null || path.isEmpty() ? "/" : path).append('\n');
        canonical.append(canonicalQuery(request.uri().getRawQuery())).append('\n');
        for (String name : auth.signedHeaders()) {
            List<String> values = request.headers().getOrDefault(name, List.of());
            List<String> trimmed = new ArrayList<>();
            for (String value : values) {
                trimmed.add(value.strip().replaceAll(" +", " "));
            }
            canonical.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        canonical.append('\n').append(String.join(";", auth.signedHeaders())).append('\n');
        String payloadHash = request.header("x-amz-content-sha256");
        canonical.append(payloadHash != null ? payloadHash : hex(sha256(request.body())));
        return canonical.toString();
    }

    /** The query's name=value pairs (already encoded by the SDK), sorted. */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            pairs.add(pair.contains("=") ? pair : pair + "=");
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
