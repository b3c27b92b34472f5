package io.twt.local.cost;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a bill is estimated for; each check names the option a user would fix.
 *
 * @param awsPrices every AWS price by its {@code --price} name ({@link Prices#AWS_DEFAULTS} with overrides)
 */
public record CostInputs(
        long postsPerDay,
        String schedule,
        Compute compute,
        int warehouseGeneration,
        double creditPriceUsd,
        int bufferIntervalSeconds,
        int bufferSizeMib,
        int postBytes,
        int taskSeconds,
        String forwarderInstanceType,
        Map<String, Double> awsPrices) {

    /** How the refresh runs in Snowflake. */
    public enum Compute {
        SERVERLESS, WAREHOUSE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Compute parse(String text) {
            for (Compute c : values()) {
                if (c.label().equals(text)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("--compute must be serverless or warehouse, not '" + text + "'");
        }
    }

    // EventBridge Scheduler's rate(): https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
    private static final Pattern RATE = Pattern.compile("rate\\(([1-9][0-9]{0,5}) (minute|minutes|hour|hours|day|days)\\)");

    /** Firehose BufferingHints limits. https://docs.aws.amazon.com/firehose/latest/APIReference/API_BufferingHints.html */
    static final int MAX_BUFFER_INTERVAL_SECONDS = 900;
    static final int MAX_BUFFER_SIZE_MIB = 128;

    public CostInputs {
        if (postsPerDay < 0) {
            throw new IllegalArgumentException("--posts-per-day must be 0 or more, not " + postsPerDay);
        }
        scheduleSeconds(schedule);
        if (warehouseGeneration != 1 && warehouseGeneration != 2) {
            throw new IllegalArgumentException("--warehouse-generation must be 1 or 2, not " + warehouseGeneration);
        }
        if (!(creditPriceUsd > 0) || Double.isInfinite(creditPriceUsd)) {
            throw new IllegalArgumentException("--credit-price must be a positive number of USD, not " + creditPriceUsd);
        }
        if (bufferIntervalSeconds < 0 || bufferIntervalSeconds > MAX_BUFFER_INTERVAL_SECONDS) {
            throw new IllegalArgumentException("--buffer-interval must be 0 to " + MAX_BUFFER_INTERVAL_SECONDS
                    + " seconds (Firehose's BufferingHints), not " + bufferIntervalSeconds);
        }
        if (bufferSizeMib < 1 || bufferSizeMib > MAX_BUFFER_SIZE_MIB) {
            throw new IllegalArgumentException("--buffer-size must be 1 to " + MAX_BUFFER_SIZE_MIB
                    + " MiB (Firehose's BufferingHints), not " + bufferSizeMib);
        }
        if (postBytes < 1) {
            throw new IllegalArgumentException("--post-bytes must be 1 or more, not " + postBytes);
        }
        if (taskSeconds < 1) {
            throw new IllegalArgumentException("--task-seconds must be 1 or more, not " + taskSeconds);
        }
        if (!Prices.FORWARDER_INSTANCE_TYPES.contains(forwarderInstanceType)) {
            throw new IllegalArgumentException("--forwarder-instance-type must be one of " + String.join(", ", Prices.FORWARDER_INSTANCE_TYPES)
                    + " (the template's), not '" + forwarderInstanceType + "'");
        }
        awsPrices = Map.copyOf(awsPrices);
    }

    /** --compute's default. */
    public static final String DEFAULT_COMPUTE = "serverless";
    /** --warehouse-generation's default. */
    public static final int DEFAULT_WAREHOUSE_GENERATION = 1;

    /** A default deployment (template.yaml's settings, serverless refresh) at this many posts a day. */
    public static CostInputs defaults(long postsPerDay) {
        return new CostInputs(postsPerDay, TemplateDefaults.REFRESH_SCHEDULE, Compute.parse(DEFAULT_COMPUTE), DEFAULT_WAREHOUSE_GENERATION,
                Prices.DEFAULT_CREDIT_PRICE_USD, TemplateDefaults.BUFFER_INTERVAL_SECONDS, TemplateDefaults.BUFFER_SIZE_MIB,
                Assumptions.POST_BYTES, Assumptions.TASK_SECONDS, TemplateDefaults.FORWARDER_INSTANCE_TYPE, Prices.AWS_DEFAULTS);
    }

    /** The AWS prices with {@code NAME=USD} overrides; an unknown name or a bad number names --price. */
    public static Map<String, Double> awsPrices(Map<String, String> overrides) {
        Map<String, Double> prices = new HashMap<>(Prices.AWS_DEFAULTS);
        overrides.forEach((name, value) -> {
            if (!prices.containsKey(name)) {
                throw new IllegalArgumentException("--price: unknown price '" + name + "'; known: "
                        + String.join(", ", new TreeSet<>(Prices.AWS_DEFAULTS.keySet())));
            }
            double usd;
            try {
                usd = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--price " + name + " must be a number of USD, not '" + value + "'", e);
            }
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new IllegalArgumentException("--price " + name + " must be 0 or more USD, not '" + value + "'");
            }
            prices.put(name, usd);
        });
        return prices;
    }

    /** Seconds between refresh runs. */
    public long scheduleSeconds() {
        return scheduleSeconds(schedule);
    }

    private static long scheduleSeconds(String schedule) {
        Matcher m = RATE.matcher(schedule == null ? "" : schedule);
        if (!m.matches()) {
            throw new IllegalArgumentException("--schedule must be rate(N minutes|hours|days) as in RefreshSchedule, not '" + schedule
                    + "' (for a cron() schedule give the rate with as many runs a day)");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        long unitSeconds = unit.startsWith("minute") ? 60 : unit.startsWith("hour") ? 3600 : 86400;
        return n * unitSeconds;
    }

    double awsPrice(String name) {
        return awsPrices.get(name);
    }
}
