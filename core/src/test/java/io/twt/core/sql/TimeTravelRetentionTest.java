package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every table the Snowflake migrations create keeps 1 day of Time Travel, set in or after the migration that creates it. */
class TimeTravelRetentionTest {

    private static final Pattern CREATE = Pattern.compile("(?i)^CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+([a-z_]+)");
    private static final Pattern INLINE = Pattern.compile("(?i)\\bDATA_RETENTION_TIME_IN_DAYS\\s*=\\s*(\\d+)");
    private static final Pattern ALTER = Pattern.compile("(?i)^ALTER\\s+TABLE\\s+([a-z_]+)\\s+SET\\s+DATA_RETENTION_TIME_IN_DAYS\\s*=\\s*(\\d+)$");

    @Test
    void everySnowflakeTableHasOneDayOfTimeTravelFromTheMigrationThatCreatesItOrALaterOne() {
        Map<String, Integer> createdIn = new LinkedHashMap<>();
        Map<String, String> retention = new HashMap<>();
        for (Migration m : Migrations.load(Dialect.SNOWFLAKE)) {
            for (String statement : SqlScript.statements(m.script())) {
                Matcher create = CREATE.matcher(statement);
                if (create.lookingAt()) {
                    String table = create.group(1).toLowerCase(Locale.ROOT);
                    createdIn.put(table, m.version());
                    Matcher inline = INLINE.matcher(statement);
                    if (inline.find()) {
                        retention.put(table, inline.group(1));
                    }
                }
                Matcher alter = ALTER.matcher(statement);
                if (alter.matches()) {
                    String table = alter.group(1).toLowerCase(Locale.ROOT);
                    assertThat(createdIn).as("ALTER of %s in V%d before it is created", table, m.version()).containsKey(table);
                    retention.put(table, alter.group(2));
                }
            }
        }

        assertThat(createdIn.keySet()).contains(SqlCatalogue.RAW, SqlCatalogue.TWEET, SqlCatalogue.USER, SqlCatalogue.COMPLIANCE_LOG);
        for (String table : List.copyOf(createdIn.keySet())) {
            assertThat(retention.get(table)).as("DATA_RETENTION_TIME_IN_DAYS of " + table).isEqualTo("1");
        }
    }
}
