package io.twt.functions.validate;

import io.twt.core.validate.ObjectReport;
import io.twt.core.validate.ObjectValidator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Validates raw objects in S3: streams each one through the record rules and writes its valid
 * lines to {@code validated/<key>} and its quarantine entries to {@code quarantine/<key>.jsonl.gz},
 * both gzip.
 *
 * <p>Each output is gzipped into a temp file while the object streams through, then uploaded with
 * one PutObject from the file: memory stays bounded by the longest line whatever the object's
 * size, and a failed run leaves nothing half-written in S3 (no multipart upload to abort or
 * expire). Firehose objects are at most 128 MiB before compression, so the temp files fit easily
 * in Lambda's /tmp.
 *
 * <p>Outputs depend only on the object's content, so a redelivery rewrites byte-identical
 * objects. An output with nothing in it is not written, and one left by an earlier version of
 * the object is deleted: the set of outputs is always the one the current content gives.
 */
public final class ValidateService {

    private static final String CONTENT_TYPE = "application/gzip";
    private static final int BUFFER_BYTES = 1 << 16;

    private final S3Client s3;
    private final ValidateSettings settings;
    private final ObjectValidator validator;

    public ValidateService(S3Client s3, ValidateSettings settings) {
        this.s3 = s3;
        this.settings = settings;
        this.validator = new ObjectValidator();
    }

    /** Validates every object, even after one fails; the failures are in the outcomes. */
    public List<ObjectOutcome> validateAll(List<S3ObjectId> objects) {
        List<ObjectOutcome> outcomes = new ArrayList<>(objects.size());
        for (S3ObjectId object : objects) {
            try {
                outcomes.add(validate(object));
            } catch (IOException | RuntimeException e) {
                outcomes.add(new ObjectOutcome.Failed(object, e));
            }
        }
        return outcomes;
    }

    /** Validates one object; S3 and I/O errors are thrown. */
    public ObjectOutcome validate(S3ObjectId object) throws IOException {
        Optional<ValidateSettings.OutputKeys> outputs = settings.outputKeysFor(object.key());
        if (outputs.isEmpty()) {
            return new ObjectOutcome.Skipped(object, "not under " + settings.rawPrefix());
        }
        Files.createDirectories(settings.tempDir());
        Path validFile = Files.createTempFile(settings.tempDir(), "validated-", ".gz");
        try {
            Path quarantineFile = Files.createTempFile(settings.tempDir(), "quarantine-", ".gz");
            try {
                ObjectReport report;
                try (ResponseInputStream<GetObjectResponse> download = s3.getObject(r -> r.bucket(object.bucket()).key(object.key()));
                        OutputStream valid = gzip(validFile);
                        OutputStream quarantine = gzip(quarantineFile)) {
                    report = validator.validate(checkedLength(download), valid, quarantine);
                }
                publish(object.bucket(), outputs.get().validated(), validFile, report.valid() > 0);
                publish(object.bucket(), outputs.get().quarantine(), quarantineFile,
                        report.invalid() > 0 || report.unreadable() != null);
                return new ObjectOutcome.Validated(object, report);
            } finally {
                Files.deleteIfExists(quarantineFile);
            }
        } finally {
            Files.deleteIfExists(validFile);
        }
    }

    private static InputStream checkedLength(ResponseInputStream<GetObjectResponse> download) {
        Long length = download.response().contentLength();
        return length == null ? download : new ExactLengthInputStream(download, length);
    }

    /**
     * A gzip stream at the fastest level. Compressing the valid lines is the largest cost after
     * validating them: at the default level it took more than twice as long as validating, at the
     * fastest about as long, for about a third more bytes. GZIPOutputStream writes no file name
     * and a zero timestamp, so the bytes depend only on the content.
     */
    static OutputStream gzip(Path file) throws IOException {
        GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file), BUFFER_BYTES) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
        // The validator writes a line, then its newline byte: buffered, the deflater sees large blocks.
        return new BufferedOutputStream(gzip, BUFFER_BYTES);
    }

    private void publish(String bucket, String key, Path file, boolean hasContent) {
        if (hasContent) {
            s3.putObject(r -> r.bucket(bucket).key(key).contentType(CONTENT_TYPE), RequestBody.fromFile(file));
        } else if (exists(bucket, key)) {
            s3.deleteObject(r -> r.bucket(bucket).key(key));
        }
    }

    /** HEAD before DELETE: in a versioned bucket, deleting a key that is not there still adds a delete marker. */
    private boolean exists(String bucket, String key) {
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }
}
