package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.smoke.SmokeObject;
import io.twt.smoke.SmokeRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the post-deploy smoke test (tools/smoke) assumes of the stack, checked against template.yaml. */
class SmokeTestContractTest {

    private static final Template TEMPLATE = Repository.template();

    @Test
    void theOutputsTheSmokeTestReadsNameTheDataBucketAndTheRefreshFunction() {
        Map<String, Object> outputs = TEMPLATE.section("Outputs");
        assertThat(Template.map(outputs.get(SmokeRun.BUCKET_OUTPUT), SmokeRun.BUCKET_OUTPUT).get("Value")).isEqualTo(Map.of("Ref", "DataBucket"));
        assertThat(Template.map(outputs.get(SmokeRun.REFRESH_OUTPUT), SmokeRun.REFRESH_OUTPUT).get("Value"))
                .isEqualTo(Map.of("Ref", "RefreshFunction"));
        assertThat(TEMPLATE.functionProperty("RefreshFunction", "AutoPublishAlias")).isEqualTo(SmokeRun.REFRESH_ALIAS);
    }

    @Test
    void theSmokeObjectGoesWhereValidateIsNotifiedAndTheLogGroupItNamesIsValidates() {
        assertThat(TEMPLATE.environment("ValidateFunction").get("RAW_PREFIX")).isEqualTo(SmokeObject.RAW_PREFIX);
        assertThat(TemplateStructureTest.validateNotification().get("Filter").toString()).contains("Value=" + SmokeObject.RAW_PREFIX);
        assertThat(TEMPLATE.properties("ValidateFunction").get("LoggingConfig")).isEqualTo(Map.of("LogGroup", Map.of("Ref", "ValidateLogGroup")));
        assertThat(TEMPLATE.properties("ValidateLogGroup").get("LogGroupName"))
                .isEqualTo(Map.of("Fn::Sub", "/aws/lambda/${AWS::StackName}" + SmokeRun.VALIDATE_LOG_GROUP_SUFFIX));
    }
}
