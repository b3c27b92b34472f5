package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.twt.local.cost.Prices;
import io.twt.local.cost.TemplateDefaults;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code twt cost} bills a default deployment: its defaults are template.yaml's and setup.sql's. */
class CostDefaultsTest {

    private static final Template TEMPLATE = Repository.template();

    private static Object parameterDefault(String name) {
        return Template.map(TEMPLATE.parameters().get(name), "Parameters/" + name).get("Default");
    }

    @Test
    void theScheduleBufferingRetentionAndInstanceTypeAreTheTemplatesParameterDefaults() {
        assertThat(parameterDefault("RefreshSchedule")).isEqualTo(TemplateDefaults.REFRESH_SCHEDULE);
        assertThat(parameterDefault("FirehoseBufferIntervalSeconds")).isEqualTo(TemplateDefaults.BUFFER_INTERVAL_SECONDS);
        assertThat(parameterDefault("FirehoseBufferSizeMiB")).isEqualTo(TemplateDefaults.BUFFER_SIZE_MIB);
        assertThat(parameterDefault("RawRetentionDays")).isEqualTo(TemplateDefaults.RAW_RETENTION_DAYS);
        assertThat(parameterDefault("ValidatedRetentionDays")).isEqualTo(TemplateDefaults.VALIDATED_RETENTION_DAYS);
        assertThat(parameterDefault("LogRetentionDays")).isEqualTo(TemplateDefaults.LOG_RETENTION_DAYS);
        assertThat(parameterDefault("ForwarderInstanceType")).isEqualTo(TemplateDefaults.FORWARDER_INSTANCE_TYPE);
    }

    @Test
    void theInstanceTypesPricedAreTheOnesTheTemplateAllows() {
        Map<String, Object> parameter = Template.map(TEMPLATE.parameters().get("ForwarderInstanceType"), "ForwarderInstanceType");
        assertThat(Template.list(parameter.get("AllowedValues"), "ForwarderInstanceType/AllowedValues"))
                .containsExactlyElementsOf(Prices.FORWARDER_INSTANCE_TYPES);
        for (String type : Prices.FORWARDER_INSTANCE_TYPES) {
            assertThat(Prices.AWS_DEFAULTS).containsKey(Prices.instanceHour(type));
        }
    }

    @Test
    void theFunctionsMemoryAndArchitectureAreTheOnesPriced() {
        assertThat(TEMPLATE.functionProperty("ValidateFunction", "MemorySize")).isEqualTo(TemplateDefaults.VALIDATE_MEMORY_MB);
        assertThat(TEMPLATE.functionProperty("RefreshFunction", "MemorySize")).isEqualTo(TemplateDefaults.REFRESH_MEMORY_MB);
        // The Lambda price used is arm64's.
        assertThat(TEMPLATE.functionProperty("ValidateFunction", "Architectures")).isEqualTo(List.of("arm64"));
        assertThat(TEMPLATE.functionProperty("RefreshFunction", "Architectures")).isEqualTo(List.of("arm64"));
    }

    @Test
    void theForwarderVolumeIsTheGp3SizePriced() {
        Map<String, Object> data = Template.map(TEMPLATE.properties("ForwarderLaunchTemplate").get("LaunchTemplateData"), "LaunchTemplateData");
        Map<String, Object> ebs = Template.map(Template.map(
                Template.list(data.get("BlockDeviceMappings"), "BlockDeviceMappings").get(0), "BlockDeviceMappings/0").get("Ebs"), "Ebs");
        assertThat(ebs.get("VolumeType")).isEqualTo("gp3");
        assertThat(ebs.get("VolumeSize")).isEqualTo(TemplateDefaults.FORWARDER_VOLUME_GIB);
    }

    @Test
    void theAlarmMetricsAndSecretsCountedAreTheTemplates() {
        int alarmMetrics = 0;
        for (Map<String, Object> alarm : TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm").values()) {
            Object metrics = alarm.get("Metrics");
            alarmMetrics += metrics == null ? 1
                    : (int) Template.list(metrics, "Metrics").stream().filter(m -> Template.map(m, "Metrics").containsKey("MetricStat")).count();
        }
        assertThat(alarmMetrics).isEqualTo(TemplateDefaults.ALARM_METRICS);
        long secrets = TEMPLATE.parameters().keySet().stream().filter(name -> name.endsWith("SecretArn")).count();
        assertThat(secrets).isEqualTo(TemplateDefaults.SECRETS);
    }

    @Test
    void theWarehouseAutoSuspendIsTheOneSetupSqlCreatesTwtWhWith() {
        Matcher m = Pattern.compile("CREATE WAREHOUSE IF NOT EXISTS TWT_WH[^;]*AUTO_SUSPEND = (\\d+)").matcher(Repository.read("sql/admin/setup.sql"));
        assertThat(m.find()).as("TWT_WH's AUTO_SUSPEND in sql/admin/setup.sql").isTrue();
        assertThat(Integer.parseInt(m.group(1))).isEqualTo(TemplateDefaults.WAREHOUSE_AUTO_SUSPEND_SECONDS);
    }
}
