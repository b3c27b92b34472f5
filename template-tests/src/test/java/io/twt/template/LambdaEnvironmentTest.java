package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.template.LambdaEnvironment.Host;
import io.twt.template.LambdaEnvironment.InitializationType;
import io.twt.template.LambdaEnvironment.RoleCredentials;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The environment the function tests run handlers in, against the documentation and the template. */
class LambdaEnvironmentTest {

    private static final Template TEMPLATE = Repository.template();
    private static final RoleCredentials CREDENTIALS = new RoleCredentials("ASIAEXAMPLEEXAMPLE01", "secret-access-key", "session-token");
    private static final Host HOST = new Host("eu-west-1", Path.of("/var/task"), Path.of("/var/runtime"), "127.0.0.1:9001",
            CREDENTIALS, "http://127.0.0.1:9002/credentials", "container-token");
    private static final Map<String, String> CONFIGURATION = Map.of("SNOWFLAKE_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s");

    @Test
    void underSnapStartTheRolesCredentialsComeFromTheContainerEndpointAndNoAccessKeyIsSet() {
        Map<String, String> env = LambdaEnvironment.variables(TEMPLATE, "ValidateFunction", InitializationType.SNAP_START, HOST, Map.of());

        assertThat(env).containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start")
                .containsEntry("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9002/credentials")
                .containsEntry("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-token")
                .doesNotContainKeys("AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
                        "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME");
    }

    @ParameterizedTest
    @EnumSource(value = InitializationType.class, names = {"ON_DEMAND", "PROVISIONED_CONCURRENCY"})
    void withoutSnapStartTheRolesCredentialsAreInTheAccessKeyVariables(InitializationType type) {
        Map<String, String> env = LambdaEnvironment.variables(TEMPLATE, "RefreshFunction", type, HOST, CONFIGURATION);

        assertThat(env).containsEntry("AWS_LAMBDA_INITIALIZATION_TYPE", type.value)
                .containsEntry("AWS_ACCESS_KEY_ID", "ASIAEXAMPLEEXAMPLE01")
                .containsEntry("AWS_ACCESS_KEY", "ASIAEXAMPLEEXAMPLE01")
                .containsEntry("AWS_SECRET_ACCESS_KEY", "secret-access-key")
                .containsEntry("AWS_SESSION_TOKEN", "session-token")
                .containsEntry("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/twt-refresh")
                .containsKey("AWS_LAMBDA_LOG_STREAM_NAME")
                .doesNotContainKeys("AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN");
    }

    @Test
    void theEnvironmentCarriesTheFunctionsTemplateSettingsWithGlobalsMerged() {
        Map<String, String> validate = LambdaEnvironment.variables(TEMPLATE, "ValidateFunction", InitializationType.SNAP_START, HOST, Map.of());
        Map<String, String> refresh = LambdaEnvironment.variables(TEMPLATE, "RefreshFunction", InitializationType.ON_DEMAND, HOST, CONFIGURATION);

        assertThat(validate).containsEntry("_HANDLER", "io.twt.functions.validate.ValidateHandler::handleRequest")
                .containsEntry("AWS_EXECUTION_ENV", "AWS_Lambda_java21")
                .containsEntry("AWS_REGION", "eu-west-1")
                .containsEntry("AWS_DEFAULT_REGION", "eu-west-1")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1769")
                .containsEntry("AWS_LAMBDA_FUNCTION_VERSION", "1")
                .containsEntry("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9001")
                .containsEntry("LAMBDA_TASK_ROOT", "/var/task")
                .containsEntry("LAMBDA_RUNTIME_DIR", "/var/runtime")
                .containsEntry("TZ", ":UTC")
                .containsEntry("LANG", "en_US.UTF-8")
                .containsEntry("AWS_XRAY_CONTEXT_MISSING", "LOG_ERROR")
                .containsEntry("RAW_PREFIX", "raw/")
                .containsEntry("POWERTOOLS_SERVICE_NAME", "twt")
                .doesNotContainKey("_X_AMZN_TRACE_ID");
        assertThat(refresh).containsEntry("_HANDLER", "io.twt.functions.refresh.RefreshHandler::handleRequest")
                .containsEntry("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024")
                .containsEntry("SNOWFLAKE_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s")
                .as("a parameter's default, as a default deploy sets it").containsEntry("REFRESH_COMPUTE", "serverless")
                .containsEntry("METRICS_NAMESPACE", "twt");
    }

    /** Lambda refuses a function configuration that sets one of them: the deploy would fail. */
    @Test
    void noFunctionSetsAVariableLambdaReserves() {
        for (String function : TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).keySet()) {
            assertThat(TEMPLATE.environment(function).keySet()).as("%s/Environment/Variables", function)
                    .doesNotContainAnyElementsOf(LambdaEnvironment.RESERVED);
        }
    }
}
