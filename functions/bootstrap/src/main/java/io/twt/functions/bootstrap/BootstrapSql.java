package io.twt.functions.bootstrap;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.Migration;
import java.util.List;

/**
 * The SQL that differs between the engines {@link BootstrapService} runs on: Snowflake in the
 * function, DuckDB stand-ins in the tests. Everything else (the order, the comparisons, the
 * parsing of the results) is the service's one code path.
 *
 * <p>Arguments arrive validated ({@link BootstrapProperties}): an integration name is a quoted
 * upper-case identifier, a role ARN and an S3 location hold no quote. They are written into the
 * statements because Snowflake DDL cannot bind parameters.
 */
public interface BootstrapSql {

    /** The stage's comment while a stack loads through it. */
    String STAGE_IN_USE = "twt: loads validated/ for the stack whose storage integration it names";
    /** The stage's comment once its stack was deleted (keeping the data): the next stack may re-point it. */
    String STAGE_RELEASED = "twt: released by a deleted stack; the next stack re-points it";

    Dialect dialect();

    /** The versioned migrations, in order. */
    List<Migration> migrations();

    /** One row, one column: the account's region as {@code CURRENT_REGION()} gives it. */
    String currentRegion();

    /** Creates the integration unless one of that name exists (never replaces it: that would change its external id). */
    String createIntegration(String quotedIntegration, String storageRoleArn, String location);

    /** Rows of {@code property, property_type, property_value, property_default} describing the integration. */
    String describeIntegration(String quotedIntegration);

    /** Points the integration at {@code storageRoleArn} and allows only {@code location}. */
    String alterIntegration(String quotedIntegration, String storageRoleArn, String location);

    /** At most one row, with columns {@code name, url, storage_integration, comment}: the stage, if it exists. */
    String showStage();

    /** Creates the stage on {@code location} through the integration, commented {@link #STAGE_IN_USE}. */
    String createStage(String location, String quotedIntegration);

    /** Points the existing stage at {@code location} through the integration, commented {@link #STAGE_IN_USE}. */
    String alterStage(String location, String quotedIntegration);

    /** Comments the stage, if it exists, {@link #STAGE_RELEASED}. */
    String releaseStage();

    /**
     * How the pipe's COPY treats a row it cannot load. Snowpipe's default, {@code SKIP_FILE}, drops
     * every row of a file with one bad row; with {@code CONTINUE}, for JSON "all records up to the
     * record that contains the parsing error are loaded, but the remainder of the records in the
     * data file are skipped" (https://docs.snowflake.com/en/sql-reference/sql/copy-into-table,
     * ON_ERROR): fewer rows lost, none silently, as the validator keeps such rows out of validated/
     * in the first place. With {@code CONTINUE} Snowpipe sends no error notifications
     * (https://docs.snowflake.com/en/user-guide/data-load-snowpipe-errors): the Refresh records the
     * files loaded with errors from COPY_HISTORY in {@code twt_load_error} instead.
     */
    String PIPE_ON_ERROR = "ON_ERROR = CONTINUE";

    /** At most one row, with columns {@code name, definition, notification_channel}: the pipe, if it exists. */
    String showPipe();

    /**
     * The auto-ingest pipe from the stage into {@code twt_raw}.
     *
     * @param replace whether an existing pipe is replaced (bound afresh to the stage's location) or kept
     */
    String createPipe(boolean replace);

    String resumePipe();

    /** Pauses the pipe if it exists. */
    String pausePipe();

    /** At most one row, with columns {@code name, comment, state}: the refresh task, if it exists. */
    String showTask();

    /**
     * Creates or replaces the refresh task ({@code SqlCatalogue.REFRESH_TASK}) on serverless
     * compute, pinned to the smallest size, without a schedule (it runs only by EXECUTE TASK).
     *
     * @param body                   the task's SQL, a Snowflake Scripting block
     * @param quotedErrorIntegration the notification integration for its errors, or null for none
     * @param comment                the task's comment (holds no quote)
     */
    String createTask(String body, String quotedErrorIntegration, String comment);

    /** Drops the refresh task if it exists. */
    String dropTask();

    /** Drops every object of twt, data included, each only if it exists; the pipe first, the integration last. */
    List<String> dropAll(String quotedIntegration);
}
