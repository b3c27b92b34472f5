package io.twt.local.cost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bill: its lines, in the order printed, and the median delay from a post to twt_tweet.
 *
 * @param freshnessSeconds the median delay post → twt_tweet
 * @param freshnessRule    how it was worked out
 */
public record Estimate(CostInputs inputs, List<CostLine> lines, double freshnessSeconds, String freshnessRule) {

    public static final String SNOWFLAKE = "Snowflake";
    public static final String X = "X";
    public static final String AWS = "AWS";

    public Estimate {
        lines = List.copyOf(lines);
    }

    public double snowflakeCreditsPerDay() {
        return lines.stream().filter(l -> l.creditsPerDay() != null).mapToDouble(CostLine::creditsPerDay).sum();
    }

    /** $/month by service (Snowflake, X, AWS), in that order. */
    public Map<String, Double> usdPerMonthByService() {
        Map<String, Double> by = new LinkedHashMap<>();
        for (String service : List.of(SNOWFLAKE, X, AWS)) {
            by.put(service, lines.stream().filter(l -> l.service().equals(service)).mapToDouble(CostLine::usdPerMonth).sum());
        }
        return by;
    }

    public double usdPerMonth() {
        return lines.stream().mapToDouble(CostLine::usdPerMonth).sum();
    }

    public CostLine line(String service, String item) {
        return lines.stream().filter(l -> l.service().equals(service) && l.item().equals(item)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no line " + service + " " + item));
    }
}
