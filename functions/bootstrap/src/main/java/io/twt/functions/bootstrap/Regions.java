package io.twt.functions.bootstrap;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stack must run in the Snowflake account's AWS region: S3 sends event notifications only to
 * an SQS queue in the bucket's region (S3 user guide, "Setting up a destination for event
 * notifications", https://docs.aws.amazon.com/AmazonS3/latest/userguide/setup-event-notification-destination.html),
 * and the pipe's notification channel is Snowflake's queue in the account's region.
 */
final class Regions {

    // CURRENT_REGION() gives e.g. AWS_US_WEST_2, or PUBLIC.AWS_US_WEST_2 for an organization that
    // spans region groups (https://docs.snowflake.com/en/sql-reference/functions/current_region).
    private static final Pattern SNOWFLAKE_REGION = Pattern.compile("(?:[A-Za-z0-9_]+\\.)?([A-Za-z]+)_([A-Za-z0-9_]+)");
    private static final Pattern SQS_ARN = Pattern.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):\\d{12}:.+");

    private Regions() {
    }

    /**
     * The AWS region of a {@code CURRENT_REGION()} value, e.g. {@code us-west-2} for {@code PUBLIC.AWS_US_WEST_2}.
     *
     * @throws IllegalStateException for an account on another cloud, naming it
     */
    static String awsRegion(String snowflakeRegion) {
        Matcher m = SNOWFLAKE_REGION.matcher(snowflakeRegion == null ? "" : snowflakeRegion.strip());
        if (!m.matches()) {
            throw new IllegalStateException("CURRENT_REGION() gave " + snowflakeRegion
                    + ", not a region such as AWS_US_EAST_1; cannot tell the Snowflake account's AWS region");
        }
        String cloud = m.group(1).toUpperCase(Locale.ROOT);
        if (!cloud.equals("AWS")) {
            throw new IllegalStateException("the Snowflake account is on " + cloud + " (CURRENT_REGION() = "
                    + snowflakeRegion.strip() + "), not AWS: twt needs a Snowflake account on AWS, in the region the "
                    + "stack is deployed to, because S3 notifies Snowpipe's SQS queue only within the bucket's region; "
                    + "nothing was created");
        }
        return m.group(2).toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Refuses, naming both regions, a stack outside the account's region. */
    static void requireSameRegion(String stackRegion, String snowflakeRegion) {
        String account = awsRegion(snowflakeRegion);
        if (!account.equals(stackRegion)) {
            throw new IllegalStateException("the stack is in " + stackRegion + " but the Snowflake account is in "
                    + account + " (CURRENT_REGION() = " + snowflakeRegion.strip() + "): S3 notifies Snowpipe's SQS queue "
                    + "only within the bucket's region, so deploy the stack in " + account
                    + " (or use a Snowflake account in " + stackRegion + "); nothing was created");
        }
    }

    /** The second check: the queue the bucket is to notify is in the stack's region. */
    static void requireQueueInRegion(String stackRegion, String notificationChannel) {
        Matcher m = SQS_ARN.matcher(notificationChannel);
        if (!m.matches()) {
            throw new IllegalStateException("the pipe's notification channel " + notificationChannel
                    + " is not an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>)");
        }
        if (!m.group(1).equals(stackRegion)) {
            throw new IllegalStateException("the pipe's notification channel " + notificationChannel + " is in "
                    + m.group(1) + " but the stack is in " + stackRegion
                    + ": S3 notifies an SQS queue only within the bucket's region; deploy the stack in " + m.group(1));
        }
    }
}
