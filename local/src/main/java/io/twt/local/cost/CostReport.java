package io.twt.local.cost;

import static io.twt.local.cost.CostModel.number;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/** An estimate as {@code twt cost} prints it: a table with each line's rule under it, or one JSON document. */
public final class CostReport {

    private static final String ROW = "%-10s %-20s %12s %10s %11s%n";

    private CostReport() {
    }

    public static String text(Estimate e) {
        CostInputs in = e.inputs();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "twt cost: %s posts/day of %s bytes; refresh %s (%s runs/day), %s%s; Firehose buffer %d s / %d MiB;"
                        + " credit $%s%n",
                number(in.postsPerDay(), 0), number(in.postBytes(), 0), in.schedule(), number(86_400.0 / in.scheduleSeconds(), 0), in.compute().label(),
                in.compute() == CostInputs.Compute.WAREHOUSE ? " Gen" + in.warehouseGeneration() : "", in.bufferIntervalSeconds(),
                in.bufferSizeMib(), number(in.creditPriceUsd(), 2)));
        out.append(String.format(Locale.ROOT, "AWS: us-east-1 list prices before free tiers (--price NAME=USD overrides them); a month is %d days%n%n",
                Assumptions.DAYS_PER_MONTH));
        out.append(String.format(Locale.ROOT, ROW, "SERVICE", "ITEM", "CREDITS/DAY", "$/DAY", "$/MONTH"));
        for (CostLine line : e.lines()) {
            out.append(String.format(Locale.ROOT, ROW, line.service(), line.item(),
                    line.creditsPerDay() == null ? "" : number(line.creditsPerDay(), 4), number(line.usdPerDay(), 2), number(line.usdPerMonth(), 2)));
            out.append("    ").append(line.rule()).append(System.lineSeparator());
        }
        out.append(System.lineSeparator());
        Map<String, Double> by = e.usdPerMonthByService();
        out.append(String.format(Locale.ROOT, "total: $%s/month (Snowflake $%s: %s credits/day; X $%s; AWS $%s)%n",
                number(e.usdPerMonth(), 2), number(by.get(Estimate.SNOWFLAKE), 2), number(e.snowflakeCreditsPerDay(), 3),
                number(by.get(Estimate.X), 2), number(by.get(Estimate.AWS), 2)));
        out.append(String.format(Locale.ROOT, "freshness: %s%n", e.freshnessRule()));
        return out.toString();
    }

    public static String json(Estimate e, ObjectMapper mapper) {
        CostInputs in = e.inputs();
        ObjectNode root = mapper.createObjectNode();
        ObjectNode inputs = root.putObject("inputs");
        inputs.put("postsPerDay", in.postsPerDay());
        inputs.put("postBytes", in.postBytes());
        inputs.put("schedule", in.schedule());
        inputs.put("runsPerDay", 86_400.0 / in.scheduleSeconds());
        inputs.put("compute", in.compute().label());
        inputs.put("warehouseGeneration", in.warehouseGeneration());
        inputs.put("creditPriceUsd", in.creditPriceUsd());
        inputs.put("bufferIntervalSeconds", in.bufferIntervalSeconds());
        inputs.put("bufferSizeMiB", in.bufferSizeMib());
        inputs.put("taskSeconds", in.taskSeconds());
        inputs.put("forwarderInstanceType", in.forwarderInstanceType());
        inputs.put("daysPerMonth", Assumptions.DAYS_PER_MONTH);
        ObjectNode prices = inputs.putObject("awsPricesUsd");
        new java.util.TreeMap<>(in.awsPrices()).forEach(prices::put);
        var lines = root.putArray("lines");
        for (CostLine line : e.lines()) {
            ObjectNode l = lines.addObject();
            l.put("service", line.service());
            l.put("item", line.item());
            if (line.creditsPerDay() != null) {
                l.put("creditsPerDay", line.creditsPerDay());
            }
            l.put("usdPerDay", line.usdPerDay());
            l.put("usdPerMonth", line.usdPerMonth());
            l.put("rule", line.rule());
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("snowflakeCreditsPerDay", e.snowflakeCreditsPerDay());
        ObjectNode byService = totals.putObject("usdPerMonth");
        e.usdPerMonthByService().forEach(byService::put);
        byService.put("total", e.usdPerMonth());
        ObjectNode freshness = root.putObject("freshness");
        freshness.put("medianSeconds", e.freshnessSeconds());
        freshness.put("rule", e.freshnessRule());
        return root.toString();
    }
}
