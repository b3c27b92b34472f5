package io.twt.functions.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.core.object.MemoryObjectStore;
import io.twt.core.object.ObjectSplit;
import io.twt.core.object.SplitSamples;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function writes to S3, through the real client, exactly the bytes the core split writes
 * into memory for the same raw object: the local pipeline's parity test compares its workdir with
 * the same reference, so the Lambda and local outputs are byte-identical.
 */
class SplitParityIT {

    private static final String BUCKET = "twt-parity-test";

    private static S3StandIn s3;

    @TempDir
    Path tempDir;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3StandIn.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    private static byte[] sample(String name) {
        return switch (name) {
            case "mixed" -> SplitSamples.mixed();
            case "truncated" -> SplitSamples.truncated();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixed", "truncated"})
    void theFunctionsOutputsInS3AreTheBytesTheCoreSplitWrites(String name) throws IOException {
        byte[] raw = sample(name);
        MemoryObjectStore reference = new MemoryObjectStore();
        reference.put(SplitSamples.RAW_KEY, raw);
        new ObjectSplit(reference, tempDir.resolve("reference")).split(SplitSamples.RAW_KEY, SplitSamples.OUTPUTS);
        s3.put(BUCKET, SplitSamples.RAW_KEY, raw);

        new ValidateService(s3.client(), new ValidateSettings("raw/", tempDir.resolve("function")))
                .validate(new S3ObjectId(BUCKET, SplitSamples.RAW_KEY));

        Map<String, byte[]> inS3 = s3.objects(BUCKET);
        assertThat(inS3).containsOnlyKeys(reference.objects().keySet())
                .containsKeys(SplitSamples.OUTPUTS.validated(), SplitSamples.OUTPUTS.quarantine());
        reference.objects().forEach((key, content) -> assertThat(inS3.get(key)).as(key).isEqualTo(content));
    }
}
