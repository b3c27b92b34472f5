package io.twt.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository these tests check: its root comes from the build (system property twt.repository). */
final class Repository {

    static final Path ROOT = root();

    private Repository() {
    }

    private static Path root() {
        String configured = System.getProperty("twt.repository");
        if (configured == null) {
            throw new IllegalStateException("system property twt.repository (the repository root) is not set; run the tests through Maven");
        }
        Path root = Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("template.yaml"))) {
            throw new IllegalStateException("no template.yaml in " + root);
        }
        return root;
    }

    static Path file(String relative) {
        return ROOT.resolve(relative).normalize();
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relative, e);
        }
    }

    static Template template() {
        try {
            return new Template(CloudFormationYaml.load(file("template.yaml")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template.yaml", e);
        }
    }
}
