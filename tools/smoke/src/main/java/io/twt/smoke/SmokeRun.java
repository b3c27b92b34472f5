package io.twt.smoke;

import io.twt.core.io.GzipMembersInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One smoke test of a deployed stack, one line per stage: the stack's outputs, the sample raw
 * object put, its validated/ and quarantine/ outputs awaited (Validate runs on S3's notification),
 * Refresh invoked on its alias, and the smoke objects deleted. Each line is PASS, FAIL (with the
 * reason) or SKIP (a stage it needs failed); {@link #run} returns 0 only when every stage passed.
 * It prints names, keys and the functions' answers, never credentials.
 */
public final class SmokeRun {

    /** The stack outputs it reads and the alias it invokes: template.yaml's (template-tests check them). */
    public static final String BUCKET_OUTPUT = "BucketName";
    public static final String REFRESH_OUTPUT = "RefreshFunctionName";
    public static final String REFRESH_ALIAS = "live";
    /** Where it tells the reader to look when Validate wrote nothing: the Validate function's log group, after the stack name. */
    public static final String VALIDATE_LOG_GROUP_SUFFIX = "-validate";

    /** How long to wait for Validate's outputs, how often to look, and whether to leave the smoke objects. */
    record Options(Duration outputsTimeout, Duration pollInterval, boolean keep) {
    }

    private final SmokeClients aws;
    private final Options options;
    private final PrintStream out;
    private final List<String> failed = new ArrayList<>();
    private int stages;

    SmokeRun(SmokeClients aws, Options options, PrintStream out) {
        this.aws = aws;
        this.options = options;
        this.out = out;
    }

    int run(String stackName, SmokeObject object) {
        Optional<Map<String, String>> outputs = stack(stackName);
        if (outputs.isEmpty()) {
            skip("upload", "validated", "quarantine", "refresh", "cleanup");
            return finish();
        }
        String bucket = outputs.get().get(BUCKET_OUTPUT);
        if (upload(bucket, object)) {
            awaitOutputs(stackName, bucket, object);
        } else {
            skip("validated", "quarantine");
        }
        refresh(outputs.get().get(REFRESH_OUTPUT));
        if (options.keep()) {
            line("SKIP", "cleanup", "--keep: left s3://" + bucket + "/" + object.rawKey() + " and its outputs");
        } else {
            cleanup(bucket, object);
        }
        return finish();
    }

    private Optional<Map<String, String>> stack(String stackName) {
        Stack stack;
        try {
            stack = aws.cloudFormation().describeStacks(r -> r.stackName(stackName)).stacks().get(0);
        } catch (CloudFormationException e) {
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            fail("stack", message != null && message.contains("does not exist")
                    ? "stack " + stackName + " does not exist (in this account and region)"
                    : "CloudFormation refused DescribeStacks for " + stackName + ": " + message);
            return Optional.empty();
        } catch (SdkClientException e) {
            fail("stack", "no answer from CloudFormation: " + e.getMessage());
            return Optional.empty();
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Output output : stack.outputs()) {
            outputs.put(output.outputKey(), output.outputValue());
        }
        for (String key : List.of(BUCKET_OUTPUT, REFRESH_OUTPUT)) {
            if (outputs.get(key) == null) {
                fail("stack", "stack " + stackName + " (" + stack.stackStatusAsString() + ") has no output " + key);
                return Optional.empty();
            }
        }
        pass("stack", stackName + " (" + stack.stackStatusAsString() + "): bucket " + outputs.get(BUCKET_OUTPUT) + ", Refresh "
                + outputs.get(REFRESH_OUTPUT));
        return Optional.of(outputs);
    }

    private boolean upload(String bucket, SmokeObject object) {
        try {
            aws.s3().putObject(r -> r.bucket(bucket).key(object.rawKey()).contentType("application/gzip"), RequestBody.fromBytes(object.content()));
        } catch (SdkException e) {
            fail("upload", "cannot put s3://" + bucket + "/" + object.rawKey() + ": " + e.getMessage());
            return false;
        }
        pass("upload", "s3://" + bucket + "/" + object.rawKey() + " (" + SmokeObject.VALID_RECORDS + " valid records, 1 invalid)");
        return true;
    }

    /**
     * Both outputs, looked for until the deadline, checked and reported in their order (Validate may
     * publish either first): a later one is looked at once the earlier ones are in, or at the end.
     */
    private void awaitOutputs(String stackName, String bucket, SmokeObject object) {
        long started = System.nanoTime();
        long deadline = started + options.outputsTimeout().toNanos();
        Map<String, String> pending = new LinkedHashMap<>();
        pending.put("validated", object.validatedKey());
        pending.put("quarantine", object.quarantineKey());
        while (true) {
            for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                var output = it.next();
                try {
                    Optional<byte[]> content = fetch(bucket, output.getValue());
                    if (content.isEmpty()) {
                        break;
                    }
                    check(output.getKey(), output.getValue(), gunzipLines(content.get()), seconds(System.nanoTime() - started));
                    it.remove();
                } catch (SdkException | UncheckedIOException e) {
                    fail(output.getKey(), "cannot read s3://" + bucket + "/" + output.getValue() + ": " + e.getMessage());
                    it.remove();
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            if (System.nanoTime() >= deadline) {
                break;
            }
            try {
                Thread.sleep(Math.min(options.pollInterval().toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (var output : pending.entrySet()) {
            try {
                Optional<byte[]> content = fetch(bucket, output.getValue());
                if (content.isPresent()) {
                    check(output.getKey(), output.getValue(), gunzipLines(content.get()), seconds(System.nanoTime() - started));
                } else {
                    fail(output.getKey(), "no " + output.getValue() + " after " + options.outputsTimeout().toSeconds() + " s: did the Validate"
                            + " function run? See its log group /aws/lambda/" + stackName + VALIDATE_LOG_GROUP_SUFFIX);
                }
            } catch (SdkException | UncheckedIOException e) {
                fail(output.getKey(), "cannot read s3://" + bucket + "/" + output.getValue() + ": " + e.getMessage());
            }
        }
    }

    private Optional<byte[]> fetch(String bucket, String key) {
        try {
            return Optional.of(aws.s3().getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private void check(String stage, String key, List<String> lines, long seconds) {
        if (stage.equals("validated")) {
            List<String> expected = SmokeObject.lines().subList(0, SmokeObject.VALID_RECORDS);
            if (lines.equals(expected)) {
                pass(stage, key + " holds the " + expected.size() + " valid records (after " + seconds + " s)");
            } else {
                fail(stage, key + " holds " + lines.size() + " lines, not the " + expected.size() + " valid records");
            }
        } else if (lines.size() == 1 && lines.get(0).contains("\"reason\":\"" + SmokeObject.INVALID_REASON + "\"")) {
            pass(stage, key + " holds the invalid record, reason " + SmokeObject.INVALID_REASON + " (after " + seconds + " s)");
        } else {
            fail(stage, key + " holds " + lines.size() + " entries, not the one " + SmokeObject.INVALID_REASON + " entry");
        }
    }

    private void refresh(String function) {
        String target = function + ":" + REFRESH_ALIAS;
        String event = "{\"version\":\"0\",\"id\":\"twt-smoke-" + Instant.now().toEpochMilli() + "\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"twt.smoke\",\"time\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\",\"resources\":[],\"detail\":{}}";
        InvokeResponse response;
        try {
            response = aws.lambda().invoke(r -> r.functionName(function).qualifier(REFRESH_ALIAS).payload(SdkBytes.fromUtf8String(event)));
        } catch (TooManyRequestsException e) {
            fail("refresh", target + " is busy (one run at a time, a scheduled run may be on): run the smoke test again in a few minutes");
            return;
        } catch (SdkClientException e) {
            fail("refresh", "no answer from Lambda for " + target + ": " + e.getMessage());
            return;
        } catch (SdkException e) {
            fail("refresh", "cannot invoke " + target + ": " + e.getMessage());
            return;
        }
        String payload = response.payload() == null ? "" : abbreviate(response.payload().asUtf8String());
        if (response.functionError() != null) {
            fail("refresh", target + " failed (" + response.functionError() + "): " + payload);
        } else if (response.statusCode() == null || response.statusCode() != 200) {
            fail("refresh", target + " answered status " + response.statusCode() + ": " + payload);
        } else {
            pass("refresh", target + " answered " + payload);
        }
    }

    private void cleanup(String bucket, SmokeObject object) {
        List<String> keys = List.of(object.rawKey(), object.validatedKey(), object.quarantineKey());
        try {
            for (String key : keys) {
                aws.s3().deleteObject(r -> r.bucket(bucket).key(key));
            }
        } catch (SdkException e) {
            fail("cleanup", "cannot delete the smoke objects under s3://" + bucket + "/{raw,validated,quarantine}/smoke/: " + e.getMessage());
            return;
        }
        pass("cleanup", "deleted " + String.join(", ", keys));
    }

    private static List<String> gunzipLines(byte[] gzip) {
        try (InputStream in = new GzipMembersInputStream(new ByteArrayInputStream(gzip))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException("not gzip: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 400 ? line : line.substring(0, 400) + "…";
    }

    private static long seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds();
    }

    private void pass(String stage, String detail) {
        line("PASS", stage, detail);
    }

    private void fail(String stage, String reason) {
        failed.add(stage);
        line("FAIL", stage, reason);
    }

    private void skip(String... skipped) {
        for (String stage : skipped) {
            line("SKIP", stage, "an earlier stage failed");
        }
    }

    private void line(String result, String stage, String detail) {
        stages++;
        out.println(result + " " + stage + ": " + detail);
        out.flush();
    }

    private int finish() {
        if (failed.isEmpty()) {
            out.println("smoke test passed");
            return 0;
        }
        out.println("smoke test FAILED: " + String.join(", ", failed) + " (" + failed.size() + " of " + stages + " stages)");
        return 1;
    }
}
