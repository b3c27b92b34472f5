package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The serverless task's body: a well-formed Snowflake Scripting block that runs the warehouse path's statements. */
class TaskBlockTest {

    private final RefreshScript script = new SqlCatalogue(Dialect.SNOWFLAKE).script();
    private final ScriptingBlock block = ScriptingBlock.parse(script.taskBlock());

    @Test
    void theBlockSendsTheWarehousePathsStatementsAfterTheStreamCheckInItsOrder() {
        List<String> expected = new ArrayList<>();
        for (RefreshScript.Step step : script.steps().subList(1, script.steps().size())) {
            expected.add(step.name().equals(RefreshScript.BEGIN) ? RefreshScript.BEGIN_TRANSACTION : step.sql());
        }

        assertThat(script.steps().get(0).name()).isEqualTo(RefreshScript.STREAM_HAS_DATA);
        assertThat(block.body()).containsExactlyElementsOf(expected);
    }

    @Test
    void theBlocksDmlIsExactlyTheTransactionRefreshRunnerSends() {
        List<String> transaction = script.between(RefreshScript.BEGIN, RefreshScript.COMMIT).stream().map(RefreshScript.Step::sql).toList();

        int begin = block.body().indexOf(RefreshScript.BEGIN_TRANSACTION);
        int commit = block.body().indexOf("COMMIT");
        assertThat(block.body().subList(begin + 1, commit)).containsExactlyElementsOf(transaction);
        assertThat(transaction).allSatisfy(sql -> assertThat(firstWord(sql)).isIn("INSERT", "MERGE", "DELETE"));
    }

    @Test
    void theComplianceStatementsRunOnlyWhenTheComplianceLinesStatementAddedARow() {
        List<String> compliance = script.compliance().stream().map(RefreshScript.Step::sql).toList();
        int lines = block.body().indexOf(script.sql(RefreshScript.COMPLIANCE_LINES));

        assertThat(block.ifs()).singleElement().satisfies(i -> {
            assertThat(i.condition()).isEqualTo("SQLROWCOUNT > 0");
            assertThat(i.from()).as("right after the statement whose row count it reads").isEqualTo(lines + 1);
            assertThat(block.body().subList(i.from(), i.to())).containsExactlyElementsOf(compliance);
            assertThat(block.body().get(i.to())).isEqualTo(script.sql(RefreshScript.AFTER_MERGES));
        });
        assertThat(firstWord(script.sql(RefreshScript.COMPLIANCE_LINES))).as("SQLROWCOUNT counts DML only").isEqualTo("INSERT");
        assertThat(compliance).hasSize(8);
    }

    @Test
    void theTemporaryTablesAreCreatedBeforeTheTransactionAndNothingRunsAfterCommit() {
        int begin = block.body().indexOf(RefreshScript.BEGIN_TRANSACTION);

        assertThat(begin).as("one BEGIN TRANSACTION").isEqualTo(block.body().lastIndexOf(RefreshScript.BEGIN_TRANSACTION)).isPositive();
        assertThat(block.body().subList(0, begin)).isNotEmpty()
                .allSatisfy(sql -> assertThat(sql).startsWith("CREATE OR REPLACE TEMPORARY TABLE"));
        assertThat(block.body().subList(begin + 1, block.body().size())).noneSatisfy(sql -> assertThat(firstWord(sql)).isIn("CREATE", "ALTER", "DROP"));
        assertThat(block.body()).last().isEqualTo("COMMIT");
        assertThat(block.body()).noneSatisfy(sql -> assertThat(firstWord(sql)).isEqualTo("SELECT"));
    }

    @Test
    void anyErrorRollsBackAndFailsTheRun() {
        assertThat(block.handlerCondition()).isEqualTo("OTHER");
        assertThat(block.handler()).containsExactly("ROLLBACK", "RAISE");
    }

    @Test
    void theCheckerRefusesABareBeginAMissingSemicolonAnUnclosedBlockAndDdlHiddenInAString() {
        assertThatThrownBy(() -> ScriptingBlock.parse("BEGIN\nBEGIN;\nCOMMIT;\nEND"))
                .hasMessageContaining("nested block");
        assertThatThrownBy(() -> ScriptingBlock.parse("BEGIN\nINSERT INTO t VALUES (1)\nEND"))
                .hasMessageContaining("not terminated by a semicolon");
        assertThatThrownBy(() -> ScriptingBlock.parse("BEGIN\nINSERT INTO t VALUES (1);\n"))
                .hasMessageContaining("no END");
        assertThatThrownBy(() -> ScriptingBlock.parse("BEGIN\nSELECT (1;\nEND"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ScriptingBlock.parse("BEGIN\nSELECT CASE WHEN a THEN 'END;' END AS x FROM t;\nEND;").body())
                .containsExactly("SELECT CASE WHEN a THEN 'END;' END AS x FROM t");
        assertThatThrownBy(() -> ScriptingBlock.parse("BEGIN\nIF (x > 0) THEN\nDELETE FROM t;\nEND;"))
                .as("an IF without END IF").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScriptingBlock.parse("BEGIN\nIF x > 0 THEN\nDELETE FROM t;\nEND IF;\nEND;"))
                .hasMessageContaining("parenthesised");
        ScriptingBlock withIf = ScriptingBlock.parse("BEGIN\nINSERT INTO t VALUES (1);\nIF ((SQLROWCOUNT) > 0) THEN\nDELETE FROM t;\n"
                + "DELETE FROM u;\nEND IF;\nCOMMIT;\nEND");
        assertThat(withIf.body()).containsExactly("INSERT INTO t VALUES (1)", "DELETE FROM t", "DELETE FROM u", "COMMIT");
        assertThat(withIf.ifs()).containsExactly(new ScriptingBlock.If("(SQLROWCOUNT) > 0", 1, 3));
    }

    private static String firstWord(String sql) {
        return sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    }
}
