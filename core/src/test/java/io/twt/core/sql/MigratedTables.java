package io.twt.core.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The tables an engine's migrations under sql/ create, read from the files. */
final class MigratedTables {

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE TABLE IF NOT EXISTS (\\w+) \\((.*?)\\n\\);?", Pattern.DOTALL);
    /** A later migration's column: appended to its table. */
    private static final Pattern ADD_COLUMN = Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN IF NOT EXISTS ([^;]+);");

    private MigratedTables() {
    }

    static Path folder(Dialect d) {
        return Path.of("..", "sql", d.name().toLowerCase(Locale.ROOT));
    }

    static List<Path> migrationFiles(Dialect d) throws IOException {
        try (Stream<Path> s = Files.list(folder(d).resolve("migrations"))) {
            return s.filter(p -> p.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
        }
    }

    /** Every migration of {@code d}, in order, as one script. */
    static String migrations(Dialect d) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path p : migrationFiles(d)) {
            sb.append(Files.readString(p)).append('\n');
        }
        return sb.toString();
    }

    /** Each table of {@code d}'s migrations: its column definitions as written, in order. */
    static Map<String, List<String>> tables(Dialect d) throws IOException {
        return tables(migrations(d));
    }

    static Map<String, List<String>> tables(String sql) {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        Matcher m = CREATE_TABLE.matcher(sql);
        while (m.find()) {
            List<String> cols = new ArrayList<>();
            for (String line : m.group(2).split("\\n")) {
                String col = line.trim().replaceAll(",$", "");
                if (!col.isEmpty() && !col.startsWith("--")) {
                    cols.add(col);
                }
            }
            tables.put(m.group(1), cols);
        }
        Matcher add = ADD_COLUMN.matcher(sql);
        while (add.find()) {
            tables.get(add.group(1)).add(add.group(2).trim());
        }
        return tables;
    }

    /** Each table of {@code d}'s migrations: column name to its type (the definition's second word). */
    static Map<String, Map<String, String>> columnTypes(Dialect d) throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        tables(d).forEach((table, cols) -> {
            Map<String, String> types = new LinkedHashMap<>();
            for (String col : cols) {
                String[] words = col.split("\\s+");
                types.put(words[0], words[1]);
            }
            out.put(table, types);
        });
        return out;
    }

    /** The column names of each table. */
    static List<String> columnNames(Map<String, Map<String, String>> tables, String table) {
        return new ArrayList<>(tables.getOrDefault(table, Map.of()).keySet());
    }
}
