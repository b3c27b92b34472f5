package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compliance template renders for both engines with the same statements, each engine's JSON extraction, and values only as parameters. */
class ComplianceSqlTest {

    @Test
    void bothEnginesGetTheSameStatementsInTheOrderTheApplierSendsThem() {
        assertThat(new ComplianceSql(Dialect.SNOWFLAKE).statements().keySet()).containsExactly(
                ComplianceSql.CREATE_BATCH, ComplianceSql.CREATE_POSTS, ComplianceSql.INSERT_BATCH, ComplianceSql.BEGIN,
                ComplianceSql.TWEET_POSTS, ComplianceSql.USER_POSTS, ComplianceSql.LOG, ComplianceSql.REMOVED_POSTS,
                ComplianceSql.REMOVED_SCREEN_NAMES, ComplianceSql.DELETE_RAW_REJECTED, ComplianceSql.DELETE_RAW,
                ComplianceSql.DELETE_TWEET_ENTITIES, ComplianceSql.DELETE_TWEETS, ComplianceSql.DELETE_USERS, ComplianceSql.COMMIT,
                ComplianceSql.STORED_POST_IDS, ComplianceSql.STORED_USER_IDS, ComplianceSql.PRUNE_RAW_REJECTED, ComplianceSql.PRUNE_RAW);
        assertThat(new ComplianceSql(Dialect.DUCKDB).statements().keySet())
                .containsExactlyElementsOf(new ComplianceSql(Dialect.SNOWFLAKE).statements().keySet());
    }

    @Test
    void snowflakeReadsTheRawRecordAsAVariantAndDuckDbOnlyWhereItIsJsonAndANoticesRowHoldsNoPost() {
        String snowflake = String.join("\n", new ComplianceSql(Dialect.SNOWFLAKE).statements().values());
        String duckdb = String.join("\n", new ComplianceSql(Dialect.DUCKDB).statements().values());

        assertThat(snowflake).contains("r.raw:id::STRING", "r.raw:user_id::STRING", "r.raw:screenname::STRING",
                        "WHERE CASE WHEN raw:notice::STRING IS NULL THEN raw:id::STRING END IN")
                .doesNotContain("json_extract_string", "json_valid", "${");
        assertThat(duckdb).contains("CASE WHEN json_valid(r.raw) THEN json_extract_string(r.raw, '$.id') END")
                .doesNotContain("::STRING", "${");
    }

    @Test
    void theOnlyValuesAreBoundParametersTheResultLinesWithTheirSourceAndThePruneHorizon() {
        for (Dialect d : Dialect.values()) {
            Map<String, String> statements = new ComplianceSql(d).statements();
            statements.forEach((name, sql) -> {
                long parameters = sql.chars().filter(c -> c == '?').count();
                long expected = name.equals(ComplianceSql.INSERT_BATCH) ? 8 : name.startsWith("prune_") ? 1 : 0;
                assertThat(parameters).as(d + " " + name).isEqualTo(expected);
            });
        }
    }
}
