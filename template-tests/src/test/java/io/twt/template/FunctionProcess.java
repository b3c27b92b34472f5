package io.twt.template;

import io.twt.template.LambdaEnvironment.InitializationType;
import io.twt.template.LambdaEnvironment.RoleCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One function of the template run as Lambda runs it, in a child JVM: its CodeUri jar extracted as
 * the task root, its layers' {@code java/lib} jars, the real Runtime Interface Client
 * ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda}, with the handler string as
 * its argument) polling a loopback {@link RuntimeApiStandIn}, and exactly the
 * {@link LambdaEnvironment} of the initialization type: nothing of this JVM's environment is
 * inherited. Under SnapStart a loopback container-credentials endpoint serves the role's
 * credentials; it records its requests.
 *
 * <p>Two departures, for this machine: the client looks for layers in {@code /opt/java/lib}, so
 * the layer jars go to the task root's {@code lib/} instead, the same class loader after the
 * function's own classes; and {@code HOME}, {@code AWS_CONFIG_FILE} and
 * {@code AWS_SHARED_CREDENTIALS_FILE} point into an empty directory, so that no profile of the
 * developer's can stand in for the credentials Lambda provides.
 */
final class FunctionProcess implements AutoCloseable {

    static final String RUNTIME_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    static final String ACCOUNT = "123456789012";

    private final String function;
    private final int timeoutSeconds;
    private final String region;
    private final RuntimeApiStandIn runtimeApi;
    private final LoopbackServer containerCredentials;
    private final String containerToken;
    private final Process process;
    private final Path log;

    private FunctionProcess(String function, int timeoutSeconds, String region, RuntimeApiStandIn runtimeApi,
                            LoopbackServer containerCredentials, String containerToken, Process process, Path log) {
        this.function = function;
        this.timeoutSeconds = timeoutSeconds;
        this.region = region;
        this.runtimeApi = runtimeApi;
        this.containerCredentials = containerCredentials;
        this.containerToken = containerToken;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the function laid out in {@code task} (see {@link #layOut}), with a home and /tmp of its
     * own in {@code workDir}; the client initializes the function (under SnapStart: and signals its
     * restore), then waits for the first event.
     *
     * @param configuration variables added to the function's own (see {@link LambdaEnvironment#variables})
     */
    static FunctionProcess start(Template template, String function, Path task, InitializationType type, RoleCredentials credentials,
                                 String region, Map<String, String> configuration, Path workDir) {
        RuntimeApiStandIn runtimeApi = new RuntimeApiStandIn();
        LoopbackServer containerCredentials = null;
        boolean startedOk = false;
        try {
            Path home = Files.createDirectories(workDir.resolve("home"));
            Path tmp = Files.createDirectories(workDir.resolve("tmp"));
            Path runtimeDir = runtimeDir();

            String token = null;
            String credentialsUri = null;
            if (type == InitializationType.SNAP_START) {
                token = "container-token-" + UUID.randomUUID();
                containerCredentials = containerCredentials(token, credentials);
                credentialsUri = containerCredentials.url() + "/credentials";
            }
            LambdaEnvironment.Host host = new LambdaEnvironment.Host(region, task, runtimeDir, runtimeApi.hostAndPort(),
                    credentials, credentialsUri, token);
            Map<String, String> env = LambdaEnvironment.variables(template, function, type, host, configuration);

            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // A quick start matters more here than peak speed.
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-Xshare:auto");
            command.add("-Djava.io.tmpdir=" + tmp);
            command.add("-Duser.home=" + home);
            command.add("-cp");
            command.add(runtimeDir.resolve("lib") + "/*");
            command.add(RUNTIME_CLIENT);
            command.add(env.get("_HANDLER"));

            Path log = workDir.resolve("function.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            builder.environment().put("HOME", home.toString());
            builder.environment().put("AWS_CONFIG_FILE", home.resolve(".aws/config").toString());
            builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", home.resolve(".aws/credentials").toString());
            FunctionProcess started = new FunctionProcess(function, LambdaEnvironment.timeoutSeconds(template, function), region,
                    runtimeApi, containerCredentials, token, builder.start(), log);
            startedOk = true;
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + function, e);
        } finally {
            if (!startedOk) {
                runtimeApi.close();
                if (containerCredentials != null) {
                    containerCredentials.close();
                }
            }
        }
    }

    /** Sends one event and waits for what the client posts back; fails with the function's log when it does not. */
    RuntimeApiStandIn.Outcome invoke(String event, Duration wait) {
        String arn = "arn:aws:lambda:" + region + ":" + ACCOUNT + ":function:" + LambdaEnvironment.functionName(function) + ":live";
        var outcome = runtimeApi.submit(event, Duration.ofSeconds(timeoutSeconds), arn);
        Instant until = Instant.now().plus(wait);
        while (true) {
            try {
                return outcome.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!process.isAlive()) {
                    throw new AssertionError(function + " exited (" + process.exitValue() + ") without answering; its log:\n" + log());
                }
                if (Instant.now().isAfter(until)) {
                    throw new AssertionError(function + " did not answer within " + wait + "; its log:\n" + log());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
        }
    }

    /** The requests the container-credentials endpoint received (none outside SnapStart: there is none). */
    List<LoopbackServer.Request> credentialRequests() {
        return containerCredentials == null ? List.of() : containerCredentials.requests();
    }

    /** The {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} the process was given (under SnapStart), else null. */
    String containerAuthorizationToken() {
        return containerToken;
    }

    /** What the function and the runtime client wrote to stdout and stderr (Lambda's log stream). */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        runtimeApi.close();
        if (containerCredentials != null) {
            containerCredentials.close();
        }
    }

    /**
     * The function's package extracted into {@code dir/<function>/var/task}, and its layers' java/lib
     * jars linked into the task root's lib/ from {@code dir/opt/<layer>}, where each layer is
     * extracted once for all the functions laid out in {@code dir}. Returns the task root, which any
     * number of processes of the function can share.
     */
    static Path layOut(Template template, String function, Path dir) {
        Map<String, Object> properties = template.properties(function);
        Path jar = BuildOutputs.builtFile((String) properties.get("CodeUri"), function + "/CodeUri");
        try {
            Path task = Files.createDirectories(dir.resolve(function).resolve("var/task"));
            BuildOutputs.extractAll(jar, task);
            Object layers = properties.get("Layers");
            if (layers != null) {
                Path lib = Files.createDirectories(task.resolve("lib"));
                for (Object layer : Template.list(layers, function + "/Layers")) {
                    String id = (String) Template.map(layer, function + "/Layers").get("Ref");
                    for (Path layerJar : layerJars(template, id, dir.resolve("opt").resolve(id))) {
                        Files.createLink(lib.resolve(layerJar.getFileName()), layerJar);
                    }
                }
            }
            return task;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lay out " + function + " in " + dir, e);
        }
    }

    private static List<Path> layerJars(Template template, String layer, Path into) throws IOException {
        if (Files.isDirectory(into)) {
            try (var jars = Files.list(into)) {
                return jars.sorted().toList();
            }
        }
        Path zip = BuildOutputs.builtFile((String) template.properties(layer).get("ContentUri"), layer + "/ContentUri");
        return BuildOutputs.extractLayerJars(zip, Files.createDirectories(into));
    }

    /** The runtime client and its libraries, which the build copies (see this module's pom). */
    private static Path runtimeDir() {
        String configured = System.getProperty("twt.lambdaRuntime");
        if (configured == null) {
            throw new IllegalStateException("system property twt.lambdaRuntime is not set; run the tests through Maven");
        }
        Path dir = Path.of(configured);
        if (!Files.isDirectory(dir.resolve("lib"))) {
            throw new IllegalStateException(dir + "/lib does not exist; the build's generate-test-resources phase copies it");
        }
        return dir;
    }

    /**
     * The endpoint behind {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}: the role's credentials for a
     * GET whose Authorization header is the token, 401 otherwise. The SDK accepts plain http for a
     * loopback host.
     */
    private static LoopbackServer containerCredentials(String token, RoleCredentials credentials) {
        return new LoopbackServer("container-credentials", request -> {
            if (!request.method().equals("GET") || !token.equals(request.header("Authorization"))) {
                return LoopbackServer.Response.json(401, "{\"message\":\"unauthorized\"}", "application/json");
            }
            String json = "{\"AccessKeyId\":\"" + credentials.accessKeyId() + "\",\"SecretAccessKey\":\"" + credentials.secretAccessKey()
                    + "\",\"Token\":\"" + credentials.sessionToken() + "\",\"Expiration\":\"" + Instant.now().plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS) + "\"}";
            return LoopbackServer.Response.json(200, json, "application/json");
        });
    }
}
