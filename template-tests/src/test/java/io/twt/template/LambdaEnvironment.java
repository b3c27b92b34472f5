package io.twt.template;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The environment variables Lambda gives a Java function, written down from the documentation and
 * built from the function's settings in template.yaml, for each initialization type. The function
 * tests start handlers in exactly this environment (and nothing inherited), so a function that
 * depends on a variable Lambda does not set in some mode fails here first.
 *
 * <p>From "Working with Lambda environment variables", Defined runtime environment variables
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime):
 * <ul>
 *   <li>reserved: {@code _HANDLER}, {@code AWS_DEFAULT_REGION}, {@code AWS_REGION},
 *       {@code AWS_EXECUTION_ENV} ({@code AWS_Lambda_<runtime>}), {@code AWS_LAMBDA_FUNCTION_NAME},
 *       {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}, {@code AWS_LAMBDA_FUNCTION_VERSION},
 *       {@code AWS_LAMBDA_INITIALIZATION_TYPE} ({@code on-demand}, {@code provisioned-concurrency},
 *       {@code snap-start}), {@code AWS_LAMBDA_LOG_GROUP_NAME} and {@code AWS_LAMBDA_LOG_STREAM_NAME}
 *       ("not available in Lambda SnapStart functions"), {@code AWS_ACCESS_KEY},
 *       {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, {@code AWS_SESSION_TOKEN} (the
 *       execution role's keys), {@code AWS_LAMBDA_RUNTIME_API}, {@code LAMBDA_TASK_ROOT},
 *       {@code LAMBDA_RUNTIME_DIR}. {@code _X_AMZN_TRACE_ID} is not used by Java 17 and later (the
 *       runtime puts the trace header in the {@code com.amazonaws.xray.traceHeader} system
 *       property), so it is not set here;</li>
 *   <li>unreserved: {@code LANG}, {@code PATH}, {@code LD_LIBRARY_PATH}, {@code TZ} ({@code :UTC}),
 *       and with active tracing {@code AWS_XRAY_CONTEXT_MISSING} and {@code AWS_XRAY_DAEMON_ADDRESS}.</li>
 * </ul>
 *
 * <p>From "Activating and managing Lambda SnapStart", Using SnapStart with AWS SDKs
 * (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials): with
 * SnapStart the runtime uses the container credentials ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI},
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}) instead of the access-key variables, which it does not set.
 *
 * <p>Left out: what the functions here do not use and the documentation ties to other features
 * ({@code AWS_LAMBDA_MAX_CONCURRENCY} of Managed Instances, the metadata endpoint's
 * {@code AWS_LAMBDA_METADATA_API} and {@code AWS_LAMBDA_METADATA_TOKEN}). Lambda sets no
 * {@code JAVA_TOOL_OPTIONS} unless the function configures it.
 */
final class LambdaEnvironment {

    /** The values of {@code AWS_LAMBDA_INITIALIZATION_TYPE} this project's functions can run under. */
    enum InitializationType {
        ON_DEMAND("on-demand"), PROVISIONED_CONCURRENCY("provisioned-concurrency"), SNAP_START("snap-start");

        final String value;

        InitializationType(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return value;
        }
    }

    /** The execution role's temporary credentials, which Lambda hands over as variables or through the container endpoint. */
    record RoleCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {

        @Override
        public String toString() {
            return "RoleCredentials[accessKeyId=" + accessKeyId + ", secret and token redacted]";
        }
    }

    /**
     * What the execution environment provides: the region, where the code and runtime are, the
     * Runtime API's {@code host:port}, the role's credentials, and under SnapStart the container
     * endpoint that serves them (with its token).
     */
    record Host(String region, Path taskRoot, Path runtimeDir, String runtimeApi, RoleCredentials credentials,
                String containerCredentialsUri, String containerAuthorizationToken) {
    }

    /** Names the documentation reserves: a function's configuration cannot set them. */
    static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION",
            "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT",
            "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_MAX_CONCURRENCY", "AWS_LAMBDA_METADATA_API", "AWS_LAMBDA_METADATA_TOKEN");

    /** The stack name the tests deploy under; CloudFormation derives function and log group names from it. */
    static final String STACK_NAME = "twt";
    /** Lambda's defaults when the template gives none. */
    static final int DEFAULT_MEMORY_MB = 128;
    static final int DEFAULT_TIMEOUT_SECONDS = 3;

    private LambdaEnvironment() {
    }

    /**
     * The initialization type a published version of the function gets: snap-start when the template
     * turns SnapStart on. A conditional setting ({@code Fn::If}, as where a region lacks SnapStart)
     * counts by its first branch, the one for the regions that have it.
     */
    static InitializationType initializationType(Template template, String function) {
        Object snapStart = template.functionProperty(function, "SnapStart");
        if (snapStart instanceof Map<?, ?> conditional && conditional.containsKey("Fn::If")) {
            snapStart = Template.list(conditional.get("Fn::If"), function + "/SnapStart/Fn::If").get(1);
        }
        if (snapStart != null && "PublishedVersions".equals(Template.map(snapStart, function + "/SnapStart").get("ApplyOn"))) {
            return InitializationType.SNAP_START;
        }
        return template.functionProperty(function, "ProvisionedConcurrencyConfig") != null
                ? InitializationType.PROVISIONED_CONCURRENCY : InitializationType.ON_DEMAND;
    }

    /** CloudFormation's name for the function: {@code <stack>-<logical id>-<suffix>}. */
    static String functionName(String function) {
        return STACK_NAME + "-" + function + "-TESTSUFFIX01";
    }

    static int timeoutSeconds(Template template, String function) {
        Object timeout = template.functionProperty(function, "Timeout");
        return timeout == null ? DEFAULT_TIMEOUT_SECONDS : ((Number) timeout).intValue();
    }

    /**
     * The function's environment under {@code type}: Lambda's variables for the function's template
     * settings, then its own (the template's, Globals merged), where {@code configuration} supplies
     * or replaces values (endpoints of stand-ins, values the template takes from parameters). A Ref
     * to a parameter with a Default is that default, as a deploy that leaves it alone sets it.
     *
     * @throws AssertionError when the configuration names a reserved variable, or a template value
     *     is not a plain string, nor a Ref to a parameter with a default, and the configuration does not give one
     */
    static Map<String, String> variables(Template template, String function, InitializationType type, Host host,
                                         Map<String, String> configuration) {
        Map<String, String> env = new LinkedHashMap<>();
        String runtime = (String) template.functionProperty(function, "Runtime");
        Object memory = template.functionProperty(function, "MemorySize");
        // AutoPublishAlias: events invoke the alias, which points at a published version.
        String version = template.functionProperty(function, "AutoPublishAlias") != null ? "1" : "$LATEST";
        env.put("_HANDLER", (String) template.functionProperty(function, "Handler"));
        env.put("AWS_DEFAULT_REGION", host.region());
        env.put("AWS_REGION", host.region());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName(function));
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memory == null ? DEFAULT_MEMORY_MB : ((Number) memory).intValue()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", version);
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", type.value);
        if (type != InitializationType.SNAP_START) {
            env.put("AWS_LAMBDA_LOG_GROUP_NAME", logGroupName(template, function));
            env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/03/01/[" + version + "]0123456789abcdef0123456789abcdef");
            RoleCredentials credentials = host.credentials();
            env.put("AWS_ACCESS_KEY", credentials.accessKeyId());
            env.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
            env.put("AWS_SESSION_TOKEN", credentials.sessionToken());
        } else {
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI", host.containerCredentialsUri());
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", host.containerAuthorizationToken());
        }
        env.put("AWS_LAMBDA_RUNTIME_API", host.runtimeApi());
        String task = host.taskRoot().toString();
        String runtimeDir = host.runtimeDir().toString();
        env.put("LAMBDA_TASK_ROOT", task);
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir);
        env.put("LANG", "en_US.UTF-8");
        env.put("PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
        env.put("LD_LIBRARY_PATH", "/var/lang/lib:/lib64:/usr/lib64:" + runtimeDir + ":" + runtimeDir + "/lib:" + task + ":" + task + "/lib:/opt/lib");
        env.put("TZ", ":UTC");
        if ("Active".equals(template.functionProperty(function, "Tracing"))) {
            env.put("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR");
            env.put("AWS_XRAY_DAEMON_ADDRESS", "127.0.0.1:2000");
        }

        for (String name : configuration.keySet()) {
            if (RESERVED.contains(name)) {
                throw new AssertionError(name + " is reserved by Lambda: a function's configuration cannot set it");
            }
        }
        for (Map.Entry<String, Object> variable : template.environment(function).entrySet()) {
            String name = variable.getKey();
            if (configuration.containsKey(name)) {
                continue;
            }
            Object value = variable.getValue();
            if (value instanceof Map<?, ?> ref && ref.size() == 1 && ref.get("Ref") instanceof String parameter
                    && template.parameters().get(parameter) instanceof Map<?, ?> declared && declared.get("Default") != null) {
                env.put(name, String.valueOf(declared.get("Default")));
                continue;
            }
            if (!(value instanceof String) && !(value instanceof Number)) {
                throw new AssertionError(function + "/Environment/" + name + " is " + variable.getValue()
                        + " in the template; give the test a value for it");
            }
            env.put(name, String.valueOf(variable.getValue()));
        }
        env.putAll(configuration);
        return env;
    }

    /** The name of the log group LoggingConfig points at, with the stack name filled in; Lambda's default otherwise. */
    static String logGroupName(Template template, String function) {
        Object loggingConfig = template.functionProperty(function, "LoggingConfig");
        Object group = loggingConfig == null ? null : Template.map(loggingConfig, function + "/LoggingConfig").get("LogGroup");
        if (group instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id) {
            Object name = template.properties(id).get("LogGroupName");
            if (name instanceof Map<?, ?> sub && sub.get("Fn::Sub") instanceof String pattern) {
                return pattern.replace("${AWS::StackName}", STACK_NAME);
            }
        }
        return "/aws/lambda/" + functionName(function);
    }
}
