package io.twt.forwarder.delivery;

import io.twt.forwarder.AwsClients;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * s3proxy over jclouds' in-memory blob store on a free loopback port, SigV4 checked against the
 * test credentials, and a client built by the forwarder's own {@link AwsClients#s3}.
 */
public final class S3StandIn implements AutoCloseable {

    public static final String ACCESS_KEY = "AKIDTEST";
    public static final String SECRET_KEY = "test-secret";

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    public final S3Client client;

    public S3StandIn() throws Exception {
        blobs = ContextBuilder.newBuilder("transient").credentials("unused", "unused").build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(blobs.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(1);
        }
        client = AwsClients.s3(endpoint(), "us-east-1", StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public void createBucket(String bucket) {
        client.createBucket(r -> r.bucket(bucket));
    }

    /** Every object in the bucket, key to gunzipped content. */
    public Map<String, String> gunzippedObjects(String bucket) {
        Map<String, String> objects = new TreeMap<>();
        for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            byte[] body = client.getObjectAsBytes(r -> r.bucket(bucket).key(o.key())).asByteArray();
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                objects.put(o.key(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(o.key() + " is not gzip", e);
            }
        }
        return objects;
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
        blobs.close();
    }
}
