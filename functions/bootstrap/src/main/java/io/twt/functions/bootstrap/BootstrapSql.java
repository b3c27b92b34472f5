package io.twt.functions.bootstrap;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import java.util.List;

/**
 * The SQL that differs between the engines {@link BootstrapService} runs on: Snowflake in the
 * function, DuckDB stand-ins in the tests. Everything else (the order, the comparisons, the
 * parsing of the DESC results) is the service's one code path.
 *
 * <p>Arguments arrive validated ({@link BootstrapProperties}): an integration name is a quoted
 * upper-case identifier, a role ARN and an S3 location hold no quote. They are written into the
 * statements because Snowflake DDL cannot bind parameters.
 */
public interface BootstrapSql {

    Dialect dialect();

    /** The versioned migrations, in order. */
    List<Migration> migrations();

    /** Rows of {@code property, property_type, property_value, property_default} describing the integration. */
    String describeIntegration(String quotedIntegration);

    /** Points the integration at {@code storageRoleArn} and allows only {@code location}. */
    String alterIntegration(String quotedIntegration, String storageRoleArn, String location);

    /** Rows of {@code parent_property, property, property_type, property_value, property_default}; property URL is the location. */
    String describeStage();

    String alterStageUrl(String location);

    /** One row with a {@code notification_channel} column: the queue the bucket notifies. */
    String describePipe();

    String resumePipe();

    /** Pauses the pipe if it exists. */
    String pausePipe();

    /** Drops every object of twt, data included, each only if it exists; the pipe first, the integration last. */
    List<String> dropAll(String quotedIntegration);
}
