package io.twt.smoke;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/** {@code java -jar twt-smoke.jar STACK [--region R] [--wait SECONDS] [--invoke-timeout SECONDS] [--keep]} (scripts/smoke-test.sh). */
public final class SmokeMain {

    static final String USAGE = "usage: smoke-test.sh STACK [--region REGION] [--wait SECONDS (180)] [--invoke-timeout SECONDS (660)] [--keep]";
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);

    private SmokeMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Parsed arguments; the exit code 2 and the usage on a mistake. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String stack = null;
        String region = null;
        Duration wait = Duration.ofSeconds(180);
        // Refresh may run up to its 600 s timeout; Lambda answers a synchronous invocation when it ends.
        Duration invokeTimeout = Duration.ofSeconds(660);
        boolean keep = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--region" -> region = value(args, ++i);
                    case "--wait" -> wait = seconds(value(args, ++i), "--wait");
                    case "--invoke-timeout" -> invokeTimeout = seconds(value(args, ++i), "--invoke-timeout");
                    case "--keep" -> keep = true;
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> {
                        if (args[i].startsWith("-") || stack != null) {
                            throw new IllegalArgumentException("unexpected argument " + args[i]);
                        }
                        stack = args[i];
                    }
                }
            }
            if (stack == null) {
                throw new IllegalArgumentException("the stack name is missing");
            }
        } catch (IllegalArgumentException e) {
            err.println("smoke-test: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        Region resolved;
        try {
            resolved = region != null ? Region.of(region) : new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            err.println("smoke-test: no region: give --region, or set AWS_REGION or a profile's region");
            return 2;
        }
        String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        try (SmokeClients aws = SmokeClients.create(resolved, DefaultCredentialsProvider.builder().build(), SmokeClients.Endpoints.AWS,
                CALL_TIMEOUT, invokeTimeout)) {
            return new SmokeRun(aws, new SmokeRun.Options(wait, POLL_INTERVAL, keep), out).run(stack, SmokeObject.at(Instant.now(), suffix));
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static Duration seconds(String text, String option) {
        long seconds;
        try {
            seconds = Long.parseLong(text);
        } catch (NumberFormatException e) {
            seconds = 0;
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException(option + " takes a positive number of seconds, got " + text);
        }
        return Duration.ofSeconds(seconds);
    }
}
