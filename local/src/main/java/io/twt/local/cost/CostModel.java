package io.twt.local.cost;

import static io.twt.local.cost.Assumptions.DAYS_PER_MONTH;

import io.twt.local.cost.CostInputs.Compute;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Works out the bill of a deployment from its settings and a rate of posts; every line says its rule. */
public final class CostModel {

    public static final String COMPUTE = "refresh compute";
    public static final String CLOUD_SERVICES = "cloud services";
    public static final String SNOWPIPE = "Snowpipe";
    public static final String POST_READS = "post reads";
    public static final String FIREHOSE = "Firehose";
    public static final String LAMBDA_VALIDATE = "Lambda Validate";
    public static final String LAMBDA_REFRESH = "Lambda Refresh";
    public static final String EC2 = "EC2 forwarder";
    public static final String S3_REQUESTS = "S3 requests";
    public static final String S3_STORAGE = "S3 storage";
    public static final String LOGS = "CloudWatch logs";
    public static final String METRICS_ALARMS = "CloudWatch metrics";
    public static final String SECRETS = "Secrets Manager";

    private static final double DAY_SECONDS = 86_400;
    private static final double MIB = 1024 * 1024;
    /** AWS and Snowflake bill GB; taken as 2^30 bytes. */
    private static final double GB = 1024 * MIB;

    private CostModel() {
    }

    public static Estimate estimate(CostInputs in) {
        return new Work(in).estimate();
    }

    /** The day's quantities, worked out once and shared by the lines. */
    private static final class Work {
        final CostInputs in;
        final long interval;
        final double runs;
        final double bytesPerDay;
        final double fillSeconds;
        final double flushSeconds;
        final double objects;
        final double runsWithData;
        final List<CostLine> lines = new ArrayList<>();

        Work(CostInputs in) {
            this.in = in;
            interval = in.scheduleSeconds();
            runs = DAY_SECONDS / interval;
            bytesPerDay = (double) in.postsPerDay() * in.postBytes();
            fillSeconds = bytesPerDay == 0 ? Double.POSITIVE_INFINITY : in.bufferSizeMib() * MIB / (bytesPerDay / DAY_SECONDS);
            flushSeconds = Math.min(in.bufferIntervalSeconds(), fillSeconds);
            // A buffer closes flushSeconds after its first record; the next one opens with the next post.
            objects = in.postsPerDay() == 0 ? 0 : DAY_SECONDS / (flushSeconds + DAY_SECONDS / in.postsPerDay());
            runsWithData = Math.min(runs, objects);
        }

        Estimate estimate() {
            snowflake();
            x();
            aws();
            return new Estimate(in, lines, freshnessSeconds(), freshnessRule());
        }

        // ------------------------------------------------------------ Snowflake

        private void snowflake() {
            double compute;
            String computeRule;
            double cloudUsed;
            double cloudBilled;
            String cloudRule;
            if (in.compute() == Compute.WAREHOUSE) {
                double perHour = in.warehouseGeneration() == 1 ? Prices.XSMALL_GEN1_CREDITS_PER_HOUR : Prices.XSMALL_GEN2_AWS_CREDITS_PER_HOUR;
                int suspend = TemplateDefaults.WAREHOUSE_AUTO_SUSPEND_SECONDS;
                double busy = in.taskSeconds() + suspend;
                String perRun;
                double billedPerRun;
                if (interval <= busy) {
                    billedPerRun = interval;
                    perRun = String.format(Locale.ROOT, "runs every %d s, within %d s run + %d s AUTO_SUSPEND: TWT_WH stays up, %d s billed per run",
                            interval, in.taskSeconds(), suspend, interval);
                } else {
                    billedPerRun = Math.max(Prices.WAREHOUSE_MINIMUM_SECONDS, busy);
                    perRun = String.format(Locale.ROOT, "each resumes TWT_WH: max(%s s minimum, %d s run + %d s AUTO_SUSPEND idle) = %s s",
                            number(Prices.WAREHOUSE_MINIMUM_SECONDS, 0), in.taskSeconds(), suspend, number(billedPerRun, 0));
                }
                double billedSeconds = Math.min(DAY_SECONDS, runsWithData * billedPerRun);
                compute = billedSeconds / 3600 * perHour;
                computeRule = String.format(Locale.ROOT, "%s runs/day, %s with new rows; %s, at %s credits/h (XSMALL Gen%d)"
                        + " (AUTO_SUSPEND is checked about every 30 s: the idle tail can be longer)",
                        number(runs, 0), number(runsWithData, 1), perRun, number(perHour, 2), in.warehouseGeneration());
                cloudUsed = compute * Assumptions.CLOUD_SERVICES_SHARE_OF_COMPUTE;
                cloudBilled = Math.max(0, cloudUsed - compute * Prices.CLOUD_SERVICES_ADJUSTMENT_SHARE);
                cloudRule = String.format(Locale.ROOT, "used: %s credits (assumed %s%% of compute); billed only above %s%% of the day's warehouse compute (%s)",
                        number(cloudUsed, 3), number(100 * Assumptions.CLOUD_SERVICES_SHARE_OF_COMPUTE, 0),
                        number(100 * Prices.CLOUD_SERVICES_ADJUSTMENT_SHARE, 0),
                        number(compute * Prices.CLOUD_SERVICES_ADJUSTMENT_SHARE, 3));
            } else {
                double xsmallHours = runsWithData * in.taskSeconds() / 3600;
                compute = xsmallHours * Prices.XSMALL_GEN1_CREDITS_PER_HOUR * Prices.SERVERLESS_TASK_COMPUTE_MULTIPLIER;
                computeRule = String.format(Locale.ROOT, "%s runs/day, %s with new rows x %d s of XSMALL (%s credit/h) x %s"
                        + " (serverless task, per second, no per-run minimum documented; no warehouse)",
                        number(runs, 0), number(runsWithData, 1), in.taskSeconds(), plain(Prices.XSMALL_GEN1_CREDITS_PER_HOUR),
                        plain(Prices.SERVERLESS_TASK_COMPUTE_MULTIPLIER));
                cloudUsed = compute * Assumptions.CLOUD_SERVICES_SHARE_OF_COMPUTE * Prices.SERVERLESS_TASK_CLOUD_SERVICES_MULTIPLIER;
                cloudBilled = cloudUsed;
                cloudRule = String.format(Locale.ROOT, "assumed %s%% of compute, at %sx for serverless tasks; not covered by the %s%% adjustment,"
                        + " which counts warehouse compute only", number(100 * Assumptions.CLOUD_SERVICES_SHARE_OF_COMPUTE, 0),
                        number(Prices.SERVERLESS_TASK_CLOUD_SERVICES_MULTIPLIER, 0), number(100 * Prices.CLOUD_SERVICES_ADJUSTMENT_SHARE, 0));
            }
            snowflakeLine(COMPUTE, compute, computeRule);
            snowflakeLine(CLOUD_SERVICES, cloudBilled, cloudRule);
            double gb = bytesPerDay / GB;
            snowflakeLine(SNOWPIPE, gb * Prices.SNOWPIPE_CREDITS_PER_GB, String.format(Locale.ROOT,
                    "%s posts x %s bytes = %s GB uncompressed x %s credits/GB (per-GB pricing since 2025-12-08)",
                    number(in.postsPerDay(), 0), number(in.postBytes(), 0), number(gb, 3), plain(Prices.SNOWPIPE_CREDITS_PER_GB)));
        }

        private void snowflakeLine(String item, double credits, String rule) {
            double usd = credits * in.creditPriceUsd();
            lines.add(new CostLine(Estimate.SNOWFLAKE, item, credits, usd, usd * DAYS_PER_MONTH, rule));
        }

        // ------------------------------------------------------------ X

        private void x() {
            double perDay = in.postsPerDay() * Prices.X_USD_PER_POST_READ;
            double month = (double) in.postsPerDay() * DAYS_PER_MONTH;
            double billedReads = Math.min(month, Prices.X_MONTHLY_POST_READ_CAP);
            String rule = String.format(Locale.ROOT, "%s posts read x $%s (deduplicated within a UTC day); at most %s reads a month"
                    + " (X's pricing page; its usage page says 2,000,000)", number(in.postsPerDay(), 0), cents(Prices.X_USD_PER_POST_READ),
                    number(Prices.X_MONTHLY_POST_READ_CAP, 0));
            if (month > Prices.X_MONTHLY_POST_READ_CAP) {
                long day = (long) Math.ceil((double) Prices.X_MONTHLY_POST_READ_CAP / in.postsPerDay());
                rule += String.format(Locale.ROOT, ": this rate reaches the cap on day %d, and the stream delivers nothing more that month", day);
            }
            lines.add(new CostLine(Estimate.X, POST_READS, null, perDay, billedReads * Prices.X_USD_PER_POST_READ, rule));
        }

        // ------------------------------------------------------------ AWS

        private void aws() {
            long rounding = Prices.FIREHOSE_RECORD_ROUNDING_BYTES;
            long billedRecordBytes = (in.postBytes() + rounding - 1) / rounding * rounding;
            double firehoseGb = in.postsPerDay() * (double) billedRecordBytes / GB;
            awsLine(FIREHOSE, firehoseGb * price(Prices.FIREHOSE_PER_GB), String.format(Locale.ROOT,
                    "%s records (one per post) of %s bytes, each billed as %d KB (rounded up to %d KB) = %s GB x $%s/GB",
                    number(in.postsPerDay(), 0), number(in.postBytes(), 0), billedRecordBytes / 1024, rounding / 1024, number(firehoseGb, 3), usd(Prices.FIREHOSE_PER_GB)));

            double validateGbSeconds = objects * Assumptions.VALIDATE_SECONDS * TemplateDefaults.VALIDATE_MEMORY_MB / 1024.0;
            awsLine(LAMBDA_VALIDATE, lambda(objects, validateGbSeconds), String.format(Locale.ROOT,
                    "%s invocations (one per raw/ object: a buffer closes after min(%d s, %s s to fill %d MiB)) x %s s (assumed) x %d MB arm64;"
                            + " $%s per million requests + $%s/GB-s",
                    number(objects, 1), in.bufferIntervalSeconds(), fillText(), in.bufferSizeMib(), number(Assumptions.VALIDATE_SECONDS, 0),
                    TemplateDefaults.VALIDATE_MEMORY_MB, usd(Prices.LAMBDA_PER_MILLION_REQUESTS), usd(Prices.LAMBDA_ARM_PER_GB_SECOND)));

            double refreshSeconds = runs * Assumptions.REFRESH_OVERHEAD_SECONDS
                    + (in.compute() == Compute.WAREHOUSE ? runsWithData * in.taskSeconds() : 0);
            double refreshGbSeconds = refreshSeconds * TemplateDefaults.REFRESH_MEMORY_MB / 1024.0;
            awsLine(LAMBDA_REFRESH, lambda(runs, refreshGbSeconds), String.format(Locale.ROOT,
                    "%s invocations x %s s (assumed)%s x %d MB arm64",
                    number(runs, 0), number(Assumptions.REFRESH_OVERHEAD_SECONDS, 0),
                    in.compute() == Compute.WAREHOUSE ? String.format(Locale.ROOT, ", + %d s waiting for the merge in %s runs with new rows",
                            in.taskSeconds(), number(runsWithData, 1)) : " (EXECUTE TASK returns at once)",
                    TemplateDefaults.REFRESH_MEMORY_MB));

            String type = in.forwarderInstanceType();
            double ec2PerDay = 24 * price(Prices.instanceHour(type))
                    + TemplateDefaults.FORWARDER_VOLUME_GIB * price(Prices.EBS_GP3_PER_GB_MONTH) / DAYS_PER_MONTH
                    + 24 * price(Prices.PUBLIC_IPV4_PER_HOUR);
            awsLine(EC2, ec2PerDay, String.format(Locale.ROOT, "%s $%s/h + %d GiB gp3 $%s/GB-month + public IPv4 $%s/h, around the clock",
                    type, usd(Prices.instanceHour(type)), TemplateDefaults.FORWARDER_VOLUME_GIB, usd(Prices.EBS_GP3_PER_GB_MONTH),
                    usd(Prices.PUBLIC_IPV4_PER_HOUR)));

            double requests = 2 * objects;
            awsLine(S3_REQUESTS, requests / 1000 * (price(Prices.S3_PER_THOUSAND_PUTS) + price(Prices.S3_PER_THOUSAND_GETS)),
                    String.format(Locale.ROOT, "per raw/ object 2 PUTs (Firehose to raw/, Validate to validated/) at $%s/1,000"
                            + " and 2 GETs (Validate, Snowpipe) at $%s/1,000", usd(Prices.S3_PER_THOUSAND_PUTS), usd(Prices.S3_PER_THOUSAND_GETS)));

            double gzGbPerDay = bytesPerDay / Assumptions.GZIP_RATIO / GB;
            double storedDays = Math.min(DAYS_PER_MONTH, TemplateDefaults.RAW_RETENTION_DAYS)
                    + Math.min(DAYS_PER_MONTH, TemplateDefaults.VALIDATED_RETENTION_DAYS);
            double storedGb = gzGbPerDay * storedDays;
            double storageMonth = storedGb * price(Prices.S3_PER_GB_MONTH);
            lines.add(new CostLine(Estimate.AWS, S3_STORAGE, null, storageMonth / DAYS_PER_MONTH, storageMonth, String.format(Locale.ROOT,
                    "after %d days: raw/ (kept %d days) and validated/ (kept %d days) hold %s days of posts, gzipped (assumed /%s)"
                            + " = %s GB x $%s/GB-month",
                    DAYS_PER_MONTH, TemplateDefaults.RAW_RETENTION_DAYS, TemplateDefaults.VALIDATED_RETENTION_DAYS, number(storedDays, 0),
                    number(Assumptions.GZIP_RATIO, 0), number(storedGb, 3), usd(Prices.S3_PER_GB_MONTH))));

            double logGbPerDay = ((objects + runs) * Assumptions.LOG_BYTES_PER_INVOCATION
                    + 1440.0 * Assumptions.FORWARDER_LOG_BYTES_PER_MINUTE) / GB;
            double logsPerDay = logGbPerDay * price(Prices.LOGS_PER_GB_INGESTED)
                    + logGbPerDay * TemplateDefaults.LOG_RETENTION_DAYS * price(Prices.LOGS_PER_GB_MONTH) / DAYS_PER_MONTH;
            awsLine(LOGS, logsPerDay, String.format(Locale.ROOT,
                    "%s B per Lambda invocation and %s B a minute from the forwarder (assumed) = %s GB/day x $%s/GB ingested,"
                            + " kept %d days at $%s/GB-month",
                    number(Assumptions.LOG_BYTES_PER_INVOCATION, 0), number(Assumptions.FORWARDER_LOG_BYTES_PER_MINUTE, 0), number(logGbPerDay, 4),
                    usd(Prices.LOGS_PER_GB_INGESTED), TemplateDefaults.LOG_RETENTION_DAYS, usd(Prices.LOGS_PER_GB_MONTH)));

            double metricsMonth = Assumptions.CUSTOM_METRICS * price(Prices.METRIC_PER_MONTH)
                    + TemplateDefaults.ALARM_METRICS * price(Prices.ALARM_METRIC_PER_MONTH);
            lines.add(new CostLine(Estimate.AWS, METRICS_ALARMS, null, metricsMonth / DAYS_PER_MONTH, metricsMonth, String.format(Locale.ROOT,
                    "%d custom metrics (assumed) x $%s + %d alarm metrics (template.yaml) x $%s, a month",
                    Assumptions.CUSTOM_METRICS, usd(Prices.METRIC_PER_MONTH), TemplateDefaults.ALARM_METRICS, usd(Prices.ALARM_METRIC_PER_MONTH))));

            double secretsMonth = TemplateDefaults.SECRETS * price(Prices.SECRET_PER_MONTH);
            lines.add(new CostLine(Estimate.AWS, SECRETS, null, secretsMonth / DAYS_PER_MONTH, secretsMonth, String.format(Locale.ROOT,
                    "%d secrets (Snowflake, X) x $%s a month", TemplateDefaults.SECRETS, usd(Prices.SECRET_PER_MONTH))));
        }

        private double lambda(double requests, double gbSeconds) {
            return requests / 1e6 * price(Prices.LAMBDA_PER_MILLION_REQUESTS) + gbSeconds * price(Prices.LAMBDA_ARM_PER_GB_SECOND);
        }

        private void awsLine(String item, double usdPerDay, String rule) {
            lines.add(new CostLine(Estimate.AWS, item, null, usdPerDay, usdPerDay * DAYS_PER_MONTH, rule));
        }

        private double price(String name) {
            return in.awsPrice(name);
        }

        private String usd(String name) {
            return cents(price(name));
        }

        private String fillText() {
            return Double.isInfinite(fillSeconds) ? "never" : number(fillSeconds, 0);
        }

        // ------------------------------------------------------------ freshness

        private double bufferWait() {
            return (in.postsPerDay() == 0 ? in.bufferIntervalSeconds() : flushSeconds) / 2;
        }

        private double freshnessSeconds() {
            return bufferWait() + Assumptions.VALIDATE_SECONDS + Assumptions.SNOWPIPE_LATENCY_SECONDS + interval / 2.0 + in.taskSeconds();
        }

        private String freshnessRule() {
            return String.format(Locale.ROOT, "median post -> twt_tweet: %s s in the Firehose buffer (min(%d s, %s s to fill %d MiB) / 2)"
                            + " + %s s Validate + %d s Snowpipe (assumed) + %s s to the next refresh (%d s / 2) + %d s run = %s s (%s min)",
                    number(bufferWait(), 0), in.bufferIntervalSeconds(), fillText(), in.bufferSizeMib(), number(Assumptions.VALIDATE_SECONDS, 0),
                    Assumptions.SNOWPIPE_LATENCY_SECONDS, number(interval / 2.0, 0), interval, in.taskSeconds(),
                    number(freshnessSeconds(), 0), number(freshnessSeconds() / 60, 1));
        }
    }

    /** A figure with thousands separators and this many decimals. */
    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** A rate as written on a price list: no trailing zeros, no exponent. */
    static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A price in USD: as {@link #plain}, with at least the cents. */
    static String cents(double value) {
        BigDecimal d = BigDecimal.valueOf(value).stripTrailingZeros();
        return (d.scale() < 2 ? d.setScale(2) : d).toPlainString();
    }
}
