package io.twt.local.cost;

/**
 * One line of the bill.
 *
 * @param creditsPerDay Snowflake credits a day, or null for a line billed in dollars
 * @param usdPerMonth   usually {@code usdPerDay} × {@link Assumptions#DAYS_PER_MONTH}; less where a monthly cap applies
 * @param rule          how the amount was worked out, with the figures used
 */
public record CostLine(String service, String item, Double creditsPerDay, double usdPerDay, double usdPerMonth, String rule) {
}
