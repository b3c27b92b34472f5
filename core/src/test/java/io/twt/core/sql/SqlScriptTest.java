package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsAndDropsCommentsAndEmptyStatements() {
        String script = "-- heading; not a statement\nCREATE TABLE a (x INT);\n\n/* block; comment */ "
                + "CREATE TABLE b (y INT); ;\n-- trailing comment";
        assertThat(SqlScript.statements(script)).containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)");
    }

    @Test
    void keepsSemicolonsInsideLiteralsQuotedIdentifiersAndDollarBlocks() {
        String script = "INSERT INTO t VALUES ('a;b', 'it''s; fine', 'back\\'slash;');\n"
                + "CREATE TABLE \"odd;name\" (x INT);\n"
                + "CREATE FUNCTION f() RETURNS INT AS $$ SELECT 1; $$;\n"
                + "SELECT '-- not a comment'";
        assertThat(SqlScript.statements(script)).containsExactly(
                "INSERT INTO t VALUES ('a;b', 'it''s; fine', 'back\\'slash;')",
                "CREATE TABLE \"odd;name\" (x INT)",
                "CREATE FUNCTION f() RETURNS INT AS $$ SELECT 1; $$",
                "SELECT '-- not a comment'");
    }

    @Test
    void unterminatedLiteralsAreErrorsWithTheirOffset() {
        assertThatThrownBy(() -> SqlScript.statements("SELECT 1;\nSELECT 'open"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unterminated ' literal at offset 17");
        assertThatThrownBy(() -> SqlScript.statements("SELECT 1 /* open"))
                .hasMessageContaining("unterminated /* comment");
        assertThatThrownBy(() -> SqlScript.statements("AS $$ SELECT 1;"))
                .hasMessageContaining("unterminated $$ block");
    }

    @Test
    void fillsEveryPlaceholderAndNamesAMissingOne() {
        assertThat(SqlScript.fill("URL = 's3://${bucket}/validated/' INTEGRATION = ${integration}",
                Map.of("bucket", "my-bucket", "integration", "\"TWT_S3\"")))
                .isEqualTo("URL = 's3://my-bucket/validated/' INTEGRATION = \"TWT_S3\"");
        assertThat(SqlScript.fill("a $1 METADATA$FILENAME ${x}", Map.of("x", "$2\\y"))).isEqualTo("a $1 METADATA$FILENAME $2\\y");
        assertThatThrownBy(() -> SqlScript.fill("${bucket} ${role}", Map.of("bucket", "b")))
                .hasMessage("no value for placeholder ${role}");
    }
}
