package io.twt.functions.validate;

import io.twt.core.object.ObjectStore;
import java.io.InputStream;
import java.nio.file.Path;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * One bucket as the split's {@link ObjectStore}. Outputs are uploaded with one PutObject from
 * their file: a failed run leaves nothing half-written (no multipart upload to abort or expire).
 * Firehose objects are at most 128 MiB before compression, so the files fit in Lambda's /tmp. S3
 * errors are the SDK's own runtime exceptions ({@link NoSuchKeyException} for a missing object).
 */
final class S3ObjectStore implements ObjectStore {

    private static final String CONTENT_TYPE = "application/gzip";

    private final S3Client s3;
    private final String bucket;

    S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    /** Fails with a plain IOException when the download ends before its Content-Length (see {@link ExactLengthInputStream}). */
    @Override
    public InputStream read(String key) {
        ResponseInputStream<GetObjectResponse> download = s3.getObject(r -> r.bucket(bucket).key(key));
        Long length = download.response().contentLength();
        return length == null ? download : new ExactLengthInputStream(download, length);
    }

    @Override
    public void write(String key, Path file) {
        s3.putObject(r -> r.bucket(bucket).key(key).contentType(CONTENT_TYPE), RequestBody.fromFile(file));
    }

    /** HEAD before DELETE: in a versioned bucket, deleting a key that is not there still adds a delete marker. */
    @Override
    public void delete(String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return;
        }
        s3.deleteObject(r -> r.bucket(bucket).key(key));
    }
}
