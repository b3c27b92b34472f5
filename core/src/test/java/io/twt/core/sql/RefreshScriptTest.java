package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.record.EntityField;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefreshScriptTest {

    @Test
    void aValueOfSeveralLinesIsIndentedToItsPlaceholdersColumn() {
        assertThat(RefreshScript.fill("SELECT ${cols}\nFROM ${t};", Map.of("cols", "a,\nb,\nc", "t", "twt_raw")))
                .isEqualTo("SELECT a,\n       b,\n       c\nFROM twt_raw;");
    }

    @Test
    void aPlaceholderWithoutAValueIsAnErrorNamingIt() {
        assertThatThrownBy(() -> RefreshScript.fill("SELECT ${cols}", Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("${cols}");
    }

    @Test
    void eachNamedPartHoldsOneStatementWithoutItsComments() {
        RefreshScript script = RefreshScript.parse("-- header\n\n-- @one\n-- why\nSELECT 1;\n\n-- @two\nSELECT 'a;b'\nFROM twt_raw;\n");

        assertThat(script.steps()).containsExactly(new RefreshScript.Step("one", "SELECT 1"),
                new RefreshScript.Step("two", "SELECT 'a;b'\nFROM twt_raw"));
        assertThat(script.sql("two")).isEqualTo("SELECT 'a;b'\nFROM twt_raw");
        assertThatThrownBy(() -> script.between("two", "one")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> script.sql("three")).isInstanceOf(IllegalStateException.class).hasMessageContaining("three");
    }

    @Test
    void aNamedPartWithTwoStatementsOrARepeatedNameIsRefused() {
        assertThatThrownBy(() -> RefreshScript.parse("-- @one\nSELECT 1;\nSELECT 2;\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("@one");
        assertThatThrownBy(() -> RefreshScript.parse("-- @one\nSELECT 1;\n-- @one\nSELECT 2;\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("@one");
        assertThatThrownBy(() -> RefreshScript.parse("SELECT 0;\n-- @one\nSELECT 1;\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("-- @name");
    }

    @Test
    void theScriptMayNameOnlyTheCataloguesObjects() {
        assertThatThrownBy(() -> RefreshScript.parse("-- @one\nSELECT * FROM twt_users;\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("twt_users");
    }

    @Test
    void theRefreshIsTheStreamCheckTheTemporaryTablesAndOneTransaction() {
        for (Dialect d : Dialect.values()) {
            RefreshScript script = new SqlCatalogue(d).script();
            assertThat(script.steps()).extracting(RefreshScript.Step::name).containsExactly(
                    RefreshScript.STREAM_HAS_DATA, "create_parsed", "create_batch", "create_compliance_batch", "create_compliance_posts",
                    RefreshScript.BEGIN, RefreshScript.PARSE_ROWS, RefreshScript.REJECT_ROWS, RefreshScript.BATCH_ROWS, RefreshScript.MERGE_USERS,
                    RefreshScript.MERGE_TWEETS, RefreshScript.INSERT_ENTITIES, RefreshScript.COMPLIANCE_LINES, "compliance_tweet_posts",
                    "compliance_user_posts", "compliance_log", "compliance_delete_raw_rejected", "compliance_delete_raw",
                    "compliance_delete_tweet_entities", "compliance_delete_tweets", "compliance_delete_users",
                    RefreshScript.AFTER_MERGES, RefreshScript.COMMIT);
            ComplianceSql compliance = new ComplianceSql(d);
            assertThat(script.sql("create_compliance_batch")).isEqualTo(compliance.statement(ComplianceSql.CREATE_BATCH));
            assertThat(script.compliance()).as("compliance.sql's statements, as they are").allSatisfy(step -> assertThat(step.sql())
                    .isEqualTo(compliance.statement(step.name().substring(RefreshScript.COMPLIANCE_PREFIX.length()))));
            assertThat(script.sql(RefreshScript.STREAM_HAS_DATA)).isEqualTo(d.streamHasData());
            assertThat(script.text()).doesNotContain("${");
            assertThat(SqlScript.statements(script.text())).containsExactlyElementsOf(
                    script.steps().stream().map(RefreshScript.Step::sql).collect(java.util.stream.Collectors.toList()));
        }
    }

    @Test
    void snowflakeFlattensEachEntityKeyOnlyWhenItIsAnArrayAndKeepsOnlyItsStringElements() {
        RefreshScript script = new SqlCatalogue(Dialect.SNOWFLAKE).script();
        String parse = script.sql(RefreshScript.PARSE_ROWS);
        String insert = script.sql(RefreshScript.INSERT_ENTITIES);
        for (EntityField f : EntityField.values()) {
            String column = "entity_" + f.key();
            assertThat(script.sql("create_parsed")).contains(column + " VARIANT");
            assertThat(parse).contains("CASE WHEN IS_ARRAY(raw:" + f.key() + ") THEN raw:" + f.key() + " END AS " + column)
                    .contains("CASE WHEN problem IS NULL AND notice IS NULL THEN " + column + " END AS " + column);
            assertThat(insert).contains("SELECT p.id AS tweet_id, '" + SqlCatalogue.entityKind(f) + "' AS kind, AS_VARCHAR(f.value) AS element\n"
                    + "            FROM twt_parsed p, LATERAL FLATTEN(INPUT => p." + column + ") f\n"
                    + "            WHERE p.problem IS NULL");
        }
        assertThat(insert).as("a post without an entity key gives no row: FLATTEN's OUTER stays FALSE").doesNotContain("OUTER");
    }

    @Test
    void theUserMergeAndTheBatchOrderObservationsByTheSameTermsInTheSameOrder() {
        RefreshScript script = new SqlCatalogue(Dialect.SNOWFLAKE).script();
        String order = "created_at DESC, id_num DESC, user_statuses_count DESC, user_followers_count DESC, user_favourites_count DESC,"
                + " user_friends_count DESC, user_listed_count DESC, username DESC, verified_type DESC, verified DESC";
        assertThat(script.sql(RefreshScript.BATCH_ROWS)).contains("PARTITION BY id ORDER BY " + order + ")");
        String merge = script.sql(RefreshScript.MERGE_USERS);
        assertThat(merge).contains("PARTITION BY screen_name ORDER BY " + order + ")");
        List<String> newer = List.of("s.created_at > t.last_updated", "s.id_num > CAST(t.last_tweet_id AS NUMBER(19,0))",
                "s.user_statuses_count > t.user_statuses_count", "s.user_followers_count > t.user_followers_count",
                "s.user_favourites_count > t.user_favourites_count", "s.user_friends_count > t.user_friends_count",
                "s.user_listed_count > t.user_listed_count", "s.username > t.username", "s.verified_type > t.verified_type",
                "s.verified > t.verified");
        int at = 0;
        for (String term : newer) {
            int found = merge.indexOf(term, at);
            assertThat(found).as(term + " after the previous term").isGreaterThan(at);
            at = found;
        }
        assertThat(merge).containsOnlyOnce("s.verified > t.verified").containsOnlyOnce("s.created_at = t.last_updated");
    }
}
