package io.twt.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The examples in docs/deploy.md's Cost section are what {@code twt cost} prints: a block that starts
 * with {@code $ java -jar local/target/twt.jar cost ...} shows its output, whole or in parts separated
 * by {@code ...} lines, each part a run of consecutive output lines, in order.
 */
class CostDocTest {

    private static final Path DEPLOY_DOC = Path.of("..", "docs", "deploy.md");
    private static final String PROMPT = "$ java -jar local/target/twt.jar ";
    private static final String ELIDED = "...";

    @Test
    void theCostSectionsExamplesAreWhatTheCommandPrints() throws IOException {
        List<List<String>> examples = examples(costSection());
        assertThat(examples).as("examples in docs/deploy.md's Cost section").hasSizeGreaterThanOrEqualTo(2);
        assertThat(examples).as("at least one example is shown whole").anyMatch(e -> !e.contains(ELIDED));
        for (List<String> example : examples) {
            List<String> args = words(example.get(0).substring(PROMPT.length()));
            List<String> printed = run(args);
            int from = 0;
            for (List<String> part : parts(example.subList(1, example.size()))) {
                int at = Collections.indexOfSubList(printed.subList(from, printed.size()), part);
                assertThat(at).as("%s shows these lines of its output, in order:%n%s%n%nIt prints:%n%s",
                        args, String.join("\n", part), String.join("\n", printed)).isNotNegative();
                from += at + part.size();
            }
            if (!example.contains(ELIDED)) {
                assertThat(example.subList(1, example.size())).as("%s whole", args).isEqualTo(printed);
            }
        }
    }

    private static List<String> costSection() throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY_DOC, StandardCharsets.UTF_8);
        int start = lines.indexOf("## Cost");
        assertThat(start).as("docs/deploy.md has a Cost section").isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** The fenced blocks that start with the prompt, fences dropped. */
    private static List<List<String>> examples(List<String> section) {
        List<List<String>> found = new ArrayList<>();
        List<String> block = null;
        for (String line : section) {
            if (line.startsWith("```")) {
                if (block != null && !block.isEmpty() && block.get(0).startsWith(PROMPT)) {
                    found.add(block);
                }
                block = block == null ? new ArrayList<>() : null;
            } else if (block != null) {
                block.add(line);
            }
        }
        return found;
    }

    private static List<List<String>> parts(List<String> shown) {
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        for (String line : shown) {
            if (line.equals(ELIDED)) {
                parts.add(part);
                part = new ArrayList<>();
            } else {
                part.add(line);
            }
        }
        parts.add(part);
        return parts;
    }

    /** Words as a shell splits them, with single quotes for words with spaces. */
    private static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static List<String> run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = TwtCli.commandLine(Map.of());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args.toArray(String[]::new))).as("%s: %s", args, err).isZero();
        return out.toString().lines().toList();
    }
}
