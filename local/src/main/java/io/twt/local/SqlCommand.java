package io.twt.local;

import io.twt.core.sql.Dialect;
import io.twt.core.sql.SqlCatalogue;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twt sql}: prints the refresh SQL of one dialect, core's refresh template filled in. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Prints the refresh SQL (stream check, parse, reject, batch, both merges) that twt runs, for one dialect.")
final class SqlCommand implements Callable<Integer> {

    @Option(names = "--dialect", defaultValue = "snowflake", paramLabel = "NAME",
            description = "snowflake or duckdb. Default: ${DEFAULT-VALUE}.")
    String dialect;

    @Override
    public Integer call() {
        Dialect d;
        try {
            d = Dialect.valueOf(dialect.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown --dialect '" + dialect + "': expected snowflake or duckdb", e);
        }
        System.out.print(new SqlCatalogue(d).script().text());
        return 0;
    }
}
