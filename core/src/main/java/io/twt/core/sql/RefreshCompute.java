package io.twt.core.sql;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where Snowflake runs the refresh: the template parameter {@code RefreshCompute}, which the
 * Refresh and Bootstrap functions both receive.
 *
 * <ul>
 *   <li>{@link #SERVERLESS}: Bootstrap keeps a serverless task ({@link SqlCatalogue#REFRESH_TASK})
 *       whose body is {@link RefreshScript#taskBlock()}; the Refresh function checks the stream
 *       and runs {@code EXECUTE TASK}, touching no warehouse. Serverless compute is billed per
 *       second at 0.9x with no per-start minimum (Service Consumption Table, Table 5,
 *       https://www.snowflake.com/legal-files/CreditConsumptionTable.pdf).</li>
 *   <li>{@link #WAREHOUSE}: the Refresh function sends the refresh itself on the secret's
 *       warehouse, which bills at least 60 s on every resume
 *       (https://docs.snowflake.com/en/user-guide/cost-understanding-compute).</li>
 * </ul>
 */
public enum RefreshCompute {
    SERVERLESS,
    WAREHOUSE;

    public static final RefreshCompute DEFAULT = SERVERLESS;

    /** The template parameter's value, e.g. {@code serverless}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param source what the value came from, for the message (a property or variable name)
     * @return {@link #DEFAULT} for null or blank
     * @throws IllegalArgumentException naming the source and the allowed values
     */
    public static RefreshCompute parse(String source, Object value) {
        String text = value == null ? "" : String.valueOf(value).strip();
        if (text.isEmpty()) {
            return DEFAULT;
        }
        for (RefreshCompute compute : values()) {
            if (compute.value().equals(text)) {
                return compute;
            }
        }
        throw new IllegalArgumentException(source + " \"" + text + "\" must be one of "
                + Arrays.stream(values()).map(RefreshCompute::value).collect(Collectors.joining(", ")));
    }
}
