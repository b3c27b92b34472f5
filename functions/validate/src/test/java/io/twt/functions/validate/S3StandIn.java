package io.twt.functions.validate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3 stand-in on a free loopback port: s3proxy over jclouds' in-memory ("transient") blob
 * store, with SigV4 checked against static dummy credentials. {@link #client()} is built by the
 * function's own {@link S3Clients}, so tests go through the production client configuration.
 */
public final class S3StandIn implements AutoCloseable {

    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";
    public static final String REGION = "us-east-1";

    private final BlobStoreContext blobs;
    private final S3Proxy proxy;
    private final S3Client client;

    private S3StandIn() throws Exception {
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
        client = S3Clients.create(environment(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)));
    }

    public static S3StandIn start() throws Exception {
        return new S3StandIn();
    }

    /** The environment a function pointed at this stand-in would have. */
    public Map<String, String> environment() {
        return Map.of(S3Clients.REGION_VARIABLE, REGION, S3Clients.ENDPOINT_VARIABLE, endpoint().toString());
    }

    /** The stand-in's address, for clients other than {@link #client()}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public S3Client client() {
        return client;
    }

    public void createBucket(String bucket) {
        client.createBucket(r -> r.bucket(bucket));
    }

    public void put(String bucket, String key, byte[] content) {
        client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public byte[] get(String bucket, String key) {
        return client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }

    /** The object gunzipped. */
    public byte[] getGunzipped(String bucket, String key) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(get(bucket, key)))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object in the bucket, key to content. */
    public Map<String, byte[]> objects(String bucket) {
        Map<String, byte[]> objects = new TreeMap<>();
        for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(bucket)).contents()) {
            objects.put(o.key(), get(bucket, o.key()));
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
