package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each function's CodeUri, Handler and layers against the jars and zips the build produced. */
class FunctionArtifactsTest {

    private static final Template TEMPLATE = Repository.template();
    private static final String SNOWFLAKE_LAYER = "SnowflakeJdbcLayer";

    /** Layer logical id → its java/lib jars, extracted once, when a test first needs them. */
    private static final Map<String, List<Path>> LAYER_JARS = new HashMap<>();

    @TempDir
    static Path layers;

    static Stream<String> functions() {
        return TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).keySet().stream();
    }

    @Test
    void theTemplateHasTheFourFunctions() {
        assertThat(functions()).containsExactlyInAnyOrder("ValidateFunction", "RefreshFunction", "BootstrapFunction", "ComplianceFunction");
    }

    @ParameterizedTest
    @MethodSource("functions")
    void codeUriIsAFunctionJarTheBuildProduces(String function) {
        String codeUri = (String) TEMPLATE.properties(function).get("CodeUri");
        assertThat(codeUri).as(function + "/CodeUri").endsWith("/target/function.jar");
        Path jar = BuildOutputs.builtFile(codeUri, function + "/CodeUri");
        List<String> entries = BuildOutputs.entryNames(jar);
        assertThat(entries).as("%s must not carry the Snowflake driver (it is in the layer)", codeUri)
                .noneMatch(name -> name.startsWith("net/snowflake/"));
        // A shaded dependency's signature no longer matches the merged jar: a JVM given the jar itself
        // (java -cp, a test) refuses its classes. Lambda extracts the jar and never checks.
        assertThat(entries).as("%s must not carry a dependency's signature files (the parent's shade excludes)", codeUri)
                .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|RSA|DSA|EC)"));
    }

    @ParameterizedTest
    @MethodSource("functions")
    void handlerNamesALambdaHandlerClassInTheJarItsCodeUriPointsAt(String function) throws Exception {
        String handler = (String) TEMPLATE.properties(function).get("Handler");
        Path jar = BuildOutputs.builtFile((String) TEMPLATE.properties(function).get("CodeUri"), function + "/CodeUri");

        Path task = Files.createDirectories(layers.resolve("task-" + function));
        try (URLClassLoader loader = BuildOutputs.functionClassLoader(jar, layerJars(function), task)) {
            Class<?> type = BuildOutputs.lambdaHandlerClass(loader, handler, function);
            assertThat(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())).as("%s comes from %s", handler, jar)
                    .isEqualTo(task);
        }
    }

    @Test
    void theSnowflakeLayerHoldsTheDriverWhereJavaRuntimesLook() {
        Map<String, Object> layer = TEMPLATE.properties(SNOWFLAKE_LAYER);
        Path zip = BuildOutputs.builtFile((String) layer.get("ContentUri"), SNOWFLAKE_LAYER + "/ContentUri");
        assertThat(BuildOutputs.entryNames(zip)).anyMatch(name -> name.matches("java/lib/snowflake-jdbc-[0-9][\\w.-]*\\.jar"));
        assertThat(extractedJars(SNOWFLAKE_LAYER)).extracting(path -> path.getFileName().toString())
                .anyMatch(name -> name.startsWith("snowflake-jdbc-"));
    }

    @Test
    void exactlyTheFunctionsThatTalkToSnowflakeHaveTheDriverLayer() {
        List<String> withLayer = new ArrayList<>();
        List<String> withSecret = new ArrayList<>();
        functions().forEach(function -> {
            if (TEMPLATE.layerIds(function).contains(SNOWFLAKE_LAYER)) {
                withLayer.add(function);
            }
            if (TEMPLATE.environment(function).containsKey("SNOWFLAKE_SECRET_ARN")) {
                withSecret.add(function);
            }
        });
        assertThat(withLayer).containsExactlyInAnyOrder("RefreshFunction", "BootstrapFunction", "ComplianceFunction").isEqualTo(withSecret);
    }

    private static List<Path> layerJars(String function) {
        List<Path> jars = new ArrayList<>();
        for (String layer : TEMPLATE.layerIds(function)) {
            assertThat(TEMPLATE.type(layer)).as("%s uses layer %s", function, layer).isEqualTo(Template.SERVERLESS_LAYER);
            jars.addAll(extractedJars(layer));
        }
        return jars;
    }

    private static List<Path> extractedJars(String layer) {
        return LAYER_JARS.computeIfAbsent(layer, id -> {
            Path zip = BuildOutputs.builtFile((String) TEMPLATE.properties(id).get("ContentUri"), id + "/ContentUri");
            try {
                return BuildOutputs.extractLayerJars(zip, Files.createDirectories(layers.resolve(id)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
