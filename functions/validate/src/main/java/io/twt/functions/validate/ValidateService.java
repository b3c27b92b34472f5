package io.twt.functions.validate;

import io.twt.core.object.ObjectSplit;
import io.twt.core.object.OutputKeys;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Validates raw objects in S3: splits each one (see {@link ObjectSplit}) into
 * {@code validated/<key>} and {@code quarantine/<key>.jsonl.gz} in its own bucket, gzipping the
 * outputs in {@link ValidateSettings#tempDir()} before upload.
 */
public final class ValidateService {

    private final S3Client s3;
    private final ValidateSettings settings;

    public ValidateService(S3Client s3, ValidateSettings settings) {
        this.s3 = s3;
        this.settings = settings;
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
        Optional<OutputKeys> outputs = settings.outputKeysFor(object.key());
        if (outputs.isEmpty()) {
            return new ObjectOutcome.Skipped(object, "not under " + settings.rawPrefix());
        }
        ObjectSplit split = new ObjectSplit(new S3ObjectStore(s3, object.bucket()), settings.tempDir());
        return new ObjectOutcome.Validated(object, split.split(object.key(), outputs.get()));
    }
}
