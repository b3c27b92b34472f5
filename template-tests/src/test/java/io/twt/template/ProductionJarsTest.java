package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The jars that ship (twt.jar, twt-forwarder.jar, each function's jar) hold none of the classes that
 * bench/ and testkit/ compile: the benchmarks and the sample generator are in twt-bench.jar only.
 * Classes are matched by file name, so that one moved back under another package is caught too.
 */
class ProductionJarsTest {

    private static final Template TEMPLATE = Repository.template();
    private static final List<String> NON_PRODUCTION_CLASSES = List.of("bench/target/classes", "testkit/target/classes");
    private static final List<String> NON_PRODUCTION_PACKAGES = List.of("io/twt/bench/", "io/twt/testkit/");

    static Stream<String> productionJars() {
        Stream<String> functions = TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).keySet().stream()
                .map(function -> (String) TEMPLATE.properties(function).get("CodeUri"));
        return Stream.concat(Stream.of("local/target/twt.jar", "forwarder/target/twt-forwarder.jar"), functions);
    }

    /** File names of the classes under bench/ and testkit/ target/classes, e.g. SampleGenerator.class. */
    private static Set<String> nonProductionClassNames() {
        return NON_PRODUCTION_CLASSES.stream().flatMap(dir -> {
            Path classes = Repository.file(dir);
            assertThat(classes).as("%s: the build (mvn package) should have compiled it", dir).isDirectory();
            try (Stream<Path> files = Files.walk(classes)) {
                return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class")).toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + classes, e);
            }
        }).collect(Collectors.toSet());
    }

    @Test
    void theClassesLookedForIncludeTheGeneratorAndEveryBenchmark() {
        assertThat(nonProductionClassNames()).contains("SampleGenerator.class", "BenchCli.class", "SampleCommand.class",
                "TrimBench.class", "LocalMergeBench.class", "ForwarderBench.class", "LoopbackFirehose.class",
                "ValidateBenchmark.class", "RefreshBenchmark.class");
    }

    @ParameterizedTest
    @MethodSource("productionJars")
    void noProductionJarHoldsABenchmarkOrTheSampleGenerator(String jar) {
        Path file = Repository.file(jar);
        assertThat(file).as("%s: the build (mvn package) should have made it", jar).isRegularFile();
        Set<String> excluded = nonProductionClassNames();
        List<String> entries = BuildOutputs.entryNames(file).stream().filter(name -> name.startsWith("io/twt/")).toList();
        assertThat(entries).as("io.twt classes of %s", jar).isNotEmpty();
        assertThat(entries).as("%s must not hold a class of bench/ or testkit/", jar)
                .noneMatch(name -> excluded.contains(name.substring(name.lastIndexOf('/') + 1)))
                .noneMatch(name -> NON_PRODUCTION_PACKAGES.stream().anyMatch(name::startsWith));
    }
}
