package io.twt.core.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The migrations of a dialect, read from the classpath: {@code sql/<dialect>/migrations/}, listed
 * in order by that folder's {@code index} file (jars cannot list a folder; a test checks the index
 * against the files).
 */
public final class Migrations {

    private Migrations() {
    }

    public static String folder(Dialect dialect) {
        return "sql/" + dialect.name().toLowerCase(Locale.ROOT) + "/migrations/";
    }

    public static List<Migration> load(Dialect dialect) {
        String folder = folder(dialect);
        List<Migration> migrations = new ArrayList<>();
        for (String line : read(folder + "index").split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                migrations.add(Migration.fromFile(name, read(folder + name)));
            }
        }
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException(folder + "index: migration " + (i + 1) + " expected, found V"
                        + migrations.get(i).version() + " (versions run 1, 2, 3… without gaps)");
            }
        }
        return List.copyOf(migrations);
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read classpath resource " + resource, e);
        }
    }
}
