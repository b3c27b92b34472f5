package io.twt.local.cost;

import java.util.List;
import java.util.Map;

/**
 * Every price and billing rate {@code twt cost} uses, each with where it comes from. AWS prices
 * are us-east-1 on-demand list prices before any free tier; those the stored copies of AWS's
 * pricing pages did not show are marked "not verified" and can be overridden with
 * {@code --price NAME=USD} (see {@link #AWS_DEFAULTS}).
 */
public final class Prices {

    private Prices() {
    }

    // ---------------------------------------------------------------- Snowflake

    /** "Each time a warehouse is started or resumed, the warehouse is billed for 1 minute's worth of usage", then per second. https://docs.snowflake.com/en/user-guide/cost-understanding-compute */
    public static final double WAREHOUSE_MINIMUM_SECONDS = 60;

    /** XSMALL credits per hour, standard Gen1 warehouse (CreditConsumptionTable Table 1(a)). https://www.snowflake.com/legal-files/CreditConsumptionTable.pdf */
    public static final double XSMALL_GEN1_CREDITS_PER_HOUR = 1.0;

    /** XSMALL Gen2 on AWS, credits per hour (CreditConsumptionTable Table 1(b)). https://www.snowflake.com/legal-files/CreditConsumptionTable.pdf */
    public static final double XSMALL_GEN2_AWS_CREDITS_PER_HOUR = 1.35;

    /** Serverless tasks: compute at 0.9× the warehouse rate of their size, per second (CreditConsumptionTable Table 5). https://www.snowflake.com/legal-files/CreditConsumptionTable.pdf */
    public static final double SERVERLESS_TASK_COMPUTE_MULTIPLIER = 0.9;

    /** Serverless tasks: cloud services at 1× (CreditConsumptionTable Table 5). https://www.snowflake.com/legal-files/CreditConsumptionTable.pdf */
    public static final double SERVERLESS_TASK_CLOUD_SERVICES_MULTIPLIER = 1.0;

    /**
     * Cloud services are billed only for the part above 10% of the day's warehouse compute (UTC
     * day); serverless features' cloud services do not count toward that adjustment.
     * https://docs.snowflake.com/en/user-guide/cost-understanding-compute (the serverless exception
     * as https://select.dev/posts/cloud-services-layer states it)
     */
    public static final double CLOUD_SERVICES_ADJUSTMENT_SHARE = 0.10;

    /** Snowpipe: credits per GB loaded (uncompressed size for text files), Standard and Enterprise since 2025-12-08. https://docs.snowflake.com/en/release-notes/2025/other/2025-12-08-snowpipe-simplified-pricing */
    public static final double SNOWPIPE_CREDITS_PER_GB = 0.0037;

    /** Default price of a credit: on-demand Enterprise edition, AWS US East (Standard is 2.00). Not verified; set --credit-price. https://www.snowflake.com/pricing/ */
    public static final double DEFAULT_CREDIT_PRICE_USD = 3.00;

    // ---------------------------------------------------------------- X

    /** Pay-per-use: USD per post read, deduplicated within a UTC day. https://docs.x.com/x-api/getting-started/pricing */
    public static final double X_USD_PER_POST_READ = 0.005;

    /**
     * Post reads per month at most. The pricing page says 3 million
     * (https://docs.x.com/x-api/getting-started/pricing); the usage page says 2 million
     * (https://docs.x.com/x-api/usage/introduction). The pricing page's figure is used.
     */
    public static final long X_MONTHLY_POST_READ_CAP = 3_000_000;

    // ---------------------------------------------------------------- AWS

    /** Firehose Direct PUT ingestion is billed per GB with each record rounded up to the nearest 5 KB. https://aws.amazon.com/kinesis/data-firehose/pricing/ */
    public static final long FIREHOSE_RECORD_ROUNDING_BYTES = 5 * 1024;

    /** Names of the AWS prices (USD) that --price overrides, with their defaults. */
    public static final String FIREHOSE_PER_GB = "firehose-gb";
    public static final String LAMBDA_PER_MILLION_REQUESTS = "lambda-million-requests";
    public static final String LAMBDA_ARM_PER_GB_SECOND = "lambda-arm-gb-second";
    public static final String EBS_GP3_PER_GB_MONTH = "gp3-gb-month";
    public static final String PUBLIC_IPV4_PER_HOUR = "public-ipv4-hour";
    public static final String S3_PER_THOUSAND_PUTS = "s3-thousand-puts";
    public static final String S3_PER_THOUSAND_GETS = "s3-thousand-gets";
    public static final String S3_PER_GB_MONTH = "s3-gb-month";
    public static final String LOGS_PER_GB_INGESTED = "logs-gb-ingested";
    public static final String LOGS_PER_GB_MONTH = "logs-gb-month";
    public static final String METRIC_PER_MONTH = "metric-month";
    public static final String ALARM_METRIC_PER_MONTH = "alarm-metric-month";
    public static final String SECRET_PER_MONTH = "secret-month";

    /**
     * The AWS defaults, us-east-1. Sources: Firehose https://aws.amazon.com/kinesis/data-firehose/pricing/ (not
     * verified: the stored page shows the 5 KB rule, not the price); Lambda arm64
     * https://aws.amazon.com/lambda/pricing/ (seen on secondary pages only); EC2 t4g, gp3 and public
     * IPv4 https://aws.amazon.com/ec2/pricing/on-demand/, https://aws.amazon.com/ebs/pricing/,
     * https://aws.amazon.com/vpc/pricing/ (not verified); S3 Standard
     * https://aws.amazon.com/s3/pricing/ (storage seen on a secondary page, requests not
     * verified); CloudWatch https://aws.amazon.com/cloudwatch/pricing/ (not verified: the stored
     * page shows the free tier, not the rates); Secrets Manager
     * https://aws.amazon.com/secrets-manager/pricing/ (not verified).
     */
    public static final Map<String, Double> AWS_DEFAULTS = Map.ofEntries(
            Map.entry(FIREHOSE_PER_GB, 0.029),
            Map.entry(LAMBDA_PER_MILLION_REQUESTS, 0.20),
            Map.entry(LAMBDA_ARM_PER_GB_SECOND, 0.0000133334),
            Map.entry(instanceHour("t4g.nano"), 0.0042),
            Map.entry(instanceHour("t4g.micro"), 0.0084),
            Map.entry(instanceHour("t4g.small"), 0.0168),
            Map.entry(instanceHour("t4g.medium"), 0.0336),
            Map.entry(EBS_GP3_PER_GB_MONTH, 0.08),
            Map.entry(PUBLIC_IPV4_PER_HOUR, 0.005),
            Map.entry(S3_PER_THOUSAND_PUTS, 0.005),
            Map.entry(S3_PER_THOUSAND_GETS, 0.0004),
            Map.entry(S3_PER_GB_MONTH, 0.023),
            Map.entry(LOGS_PER_GB_INGESTED, 0.50),
            Map.entry(LOGS_PER_GB_MONTH, 0.03),
            Map.entry(METRIC_PER_MONTH, 0.30),
            Map.entry(ALARM_METRIC_PER_MONTH, 0.10),
            Map.entry(SECRET_PER_MONTH, 0.40));

    /** The forwarder's instance types that have a price (template-tests: the ones ForwarderInstanceType allows). */
    public static final List<String> FORWARDER_INSTANCE_TYPES = List.of("t4g.nano", "t4g.micro", "t4g.small", "t4g.medium");

    /** The --price name of an instance type's hourly price. */
    public static String instanceHour(String instanceType) {
        return instanceType + "-hour";
    }
}
