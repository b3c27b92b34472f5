package io.twt.smoke;

import io.twt.functions.validate.S3ObjectId;
import io.twt.functions.validate.ValidateService;
import io.twt.functions.validate.ValidateSettings;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3's notification to the Validate function, stood in for: a thread that finds each new object
 * under raw/ and runs the real Validate service on it, some milliseconds after the put.
 */
final class ValidateOnNewObjects implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    ValidateOnNewObjects(S3Client s3, String bucket, Path tempDir) {
        ValidateService validate = new ValidateService(s3, new ValidateSettings(SmokeObject.RAW_PREFIX, tempDir));
        thread = new Thread(() -> {
            Set<String> seen = new HashSet<>();
            while (running) {
                for (S3Object object : s3.listObjectsV2(r -> r.bucket(bucket).prefix(SmokeObject.RAW_PREFIX)).contents()) {
                    if (seen.add(object.key())) {
                        try {
                            validate.validate(new S3ObjectId(bucket, object.key()));
                        } catch (Exception e) {
                            throw new IllegalStateException("Validate failed on " + object.key(), e);
                        }
                    }
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "validate-on-new-objects");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        // Not interrupted: the SDK would abort a listing midway; the loop sees the flag within 20 ms.
        running = false;
        thread.join();
    }
}
