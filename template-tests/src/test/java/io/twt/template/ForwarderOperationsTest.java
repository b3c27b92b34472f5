package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forwarder run without SSH: a self-healing group of one, its logs and metrics in CloudWatch, and their alarms. */
class ForwarderOperationsTest {

    private static final Template TEMPLATE = Repository.template();
    private static final Map<String, Object> NO_VALUE = Map.of("Ref", "AWS::NoValue");
    private static final Map<String, Object> ALARM_ACTIONS = Map.of("Fn::If", List.of("HasAlarmEmail", List.of(Map.of("Ref", "AlarmTopic")), NO_VALUE));

    @TempDir
    Path temp;

    @Test
    void theForwarderRunsInAnAutoScalingGroupOfExactlyOneInstanceThatEc2HealthChecksReplace() {
        assertThat(TEMPLATE.resourcesOfType("AWS::EC2::Instance")).isEmpty();
        assertThat(TEMPLATE.type("ForwarderGroup")).isEqualTo("AWS::AutoScaling::AutoScalingGroup");
        Map<String, Object> group = TEMPLATE.properties("ForwarderGroup");
        assertThat(List.of(group.get("MinSize"), group.get("DesiredCapacity"))).allSatisfy(size ->
                assertThat(String.valueOf(size)).isEqualTo("1"));
        // Room for the rolling update's one new instance, and nothing that would use it otherwise.
        assertThat(String.valueOf(group.get("MaxSize"))).isEqualTo("2");
        assertThat(TEMPLATE.resourcesOfType("AWS::AutoScaling::ScalingPolicy")).isEmpty();
        assertThat(TEMPLATE.resourcesOfType("AWS::AutoScaling::ScheduledAction")).isEmpty();
        assertThat(group.get("HealthCheckType")).isEqualTo("EC2");
        assertThat(group.get("LaunchTemplate")).isEqualTo(Map.of(
                "LaunchTemplateId", Map.of("Ref", "ForwarderLaunchTemplate"),
                "Version", Map.of("Fn::GetAtt", List.of("ForwarderLaunchTemplate", "LatestVersionNumber"))));
    }

    /** A group needs subnets or zones: the given subnet, else the zones with a default subnet (the default VPC's). */
    @Test
    void theGroupLaunchesIntoTheGivenSubnetOrElseTheDefaultVpcsDefaultSubnets() {
        Map<String, Object> group = TEMPLATE.properties("ForwarderGroup");
        assertThat(group.get("VPCZoneIdentifier")).isEqualTo(Map.of("Fn::If",
                List.of("HasForwarderSubnet", List.of(Map.of("Ref", "ForwarderSubnetId")), NO_VALUE)));
        assertThat(group.get("AvailabilityZones")).isEqualTo(Map.of("Fn::If",
                List.of("HasForwarderSubnet", NO_VALUE, Map.of("Fn::GetAZs", ""))));
    }

    /**
     * A deploy with a new launch template version starts the new instance, waits for its signal, and
     * only then terminates the old one: one forwarder streams at every moment (a short overlap, no gap).
     */
    @Test
    void aDeployStartsTheNewForwarderAndWaitsForItsSignalBeforeTerminatingTheOldOne() {
        Map<String, Object> policy = Template.map(TEMPLATE.resource("ForwarderGroup").get("UpdatePolicy"), "ForwarderGroup/UpdatePolicy");
        assertThat(policy).containsOnlyKeys("AutoScalingRollingUpdate");
        Map<String, Object> rolling = Template.map(policy.get("AutoScalingRollingUpdate"), "AutoScalingRollingUpdate");
        assertThat(rolling.get("MinInstancesInService")).isEqualTo(1);
        // CloudFormation refuses a MinInstancesInService that is not below the group's MaxSize.
        assertThat(Integer.parseInt(String.valueOf(TEMPLATE.properties("ForwarderGroup").get("MaxSize"))))
                .isGreaterThan((Integer) rolling.get("MinInstancesInService"));
        assertThat(rolling.get("MaxBatchSize")).isEqualTo(1);
        assertThat(rolling.get("WaitOnResourceSignals")).isEqualTo(true);
        assertThat(Duration.parse((String) rolling.get("PauseTime"))).isEqualTo(Duration.ofMinutes(15));
        // Nothing but the update launches or terminates while it runs.
        assertThat(Template.list(rolling.get("SuspendProcesses"), "SuspendProcesses"))
                .contains("HealthCheck", "ReplaceUnhealthy", "AZRebalance");
    }

    @Test
    void theStackNamesTheGroupAndTheLogGroupInsteadOfAnInstance() {
        Map<String, Object> outputs = TEMPLATE.section("Outputs");
        assertThat(outputs).doesNotContainKey("ForwarderInstanceId");
        Map<String, Object> group = Template.map(outputs.get("ForwarderGroupName"), "ForwarderGroupName");
        assertThat(group.get("Value")).isEqualTo(Map.of("Ref", "ForwarderGroup"));
        assertThat(group.get("Condition")).isEqualTo("ForwarderOn");
        assertThat((String) group.get("Description")).contains("aws autoscaling describe-auto-scaling-groups");
        assertThat(Template.map(outputs.get("ForwarderLogGroupName"), "ForwarderLogGroupName").get("Value"))
                .isEqualTo(Map.of("Ref", "ForwarderLogGroup"));
    }

    @Test
    void theForwarderLogsToAGroupOfItsStackKeptForLogRetentionDays() {
        Map<String, Object> group = TEMPLATE.properties("ForwarderLogGroup");
        assertThat(TEMPLATE.type("ForwarderLogGroup")).isEqualTo("AWS::Logs::LogGroup");
        assertThat(group.get("LogGroupName")).isEqualTo(Map.of("Fn::Sub", "/aws/twt/${AWS::StackName}/forwarder"));
        assertThat(group.get("RetentionInDays")).isEqualTo(Map.of("Ref", "LogRetentionDays"));
    }

    /** The alarms name the metrics as the forwarder's EMF lines do (names, namespace and dimension read from its jar). */
    @Test
    void anyDeadLetterInFiveMinutesAlarmsByMail() throws Exception {
        Emf emf = emf();
        Map<String, Object> alarm = TEMPLATE.properties("ForwarderDeadLettersAlarm");
        assertMetric(alarm, emf, emf.deadLettered);
        assertThat(alarm.get("Statistic")).isEqualTo("Sum");
        assertThat(alarm.get("Period")).isEqualTo(300);
        assertThat(alarm.get("EvaluationPeriods")).isEqualTo(1);
        assertThat(alarm.get("Threshold")).isEqualTo(0);
        assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
        assertThat(TEMPLATE.resource("ForwarderDeadLettersAlarm").get("Condition")).isEqualTo("ForwarderOn");
    }

    @Test
    void moreReconnectsInFifteenMinutesThanTheThresholdAlarmsByMail() throws Exception {
        Emf emf = emf();
        Map<String, Object> alarm = TEMPLATE.properties("ForwarderReconnectsAlarm");
        assertMetric(alarm, emf, emf.reconnects);
        assertThat(alarm.get("Statistic")).isEqualTo("Sum");
        assertThat(alarm.get("Period")).isEqualTo(900);
        assertThat(alarm.get("EvaluationPeriods")).isEqualTo(1);
        assertThat(alarm.get("Threshold")).isEqualTo(Map.of("Ref", "ReconnectAlarmThreshold"));
        assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
        Map<String, Object> threshold = Template.map(TEMPLATE.parameters().get("ReconnectAlarmThreshold"), "ReconnectAlarmThreshold");
        assertThat(threshold.get("Type")).isEqualTo("Number");
        assertThat(threshold.get("Default")).isEqualTo(10);
        assertThat(TEMPLATE.resource("ForwarderReconnectsAlarm").get("Condition")).isEqualTo("ForwarderOn");
    }

    /** Both X cap gauges are 1 while their state holds: the alarm stays on until the next UTC day or month. */
    @Test
    void theXPostCapsWarningAndTheCapReachedAlarmByMailWhileTheyHold() throws Exception {
        Emf emf = emf();
        for (Map.Entry<String, String> e : Map.of("ForwarderXCapWarningAlarm", emf.capWarning,
                "ForwarderXCapReachedAlarm", emf.capReached).entrySet()) {
            Map<String, Object> alarm = TEMPLATE.properties(e.getKey());
            assertMetric(alarm, emf, e.getValue());
            assertThat(alarm.get("Statistic")).isEqualTo("Maximum");
            assertThat(alarm.get("Period")).isEqualTo(300);
            assertThat(alarm.get("EvaluationPeriods")).isEqualTo(1);
            assertThat(alarm.get("Threshold")).isEqualTo(0);
            assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
            assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
            assertThat(TEMPLATE.resource(e.getKey()).get("Condition")).isEqualTo("ForwarderOn");
        }
    }

    private static void assertMetric(Map<String, Object> alarm, Emf emf, String name) {
        assertThat(alarm.get("Namespace")).isEqualTo(emf.namespace);
        assertThat(alarm.get("MetricName")).isEqualTo(name);
        // The user data writes metrics.stack=${AWS::StackName}: the forwarder's Stack dimension.
        assertThat(alarm.get("Dimensions")).isEqualTo(List.of(Map.of("Name", emf.dimension, "Value", Map.of("Ref", "AWS::StackName"))));
        assertThat((String) ForwarderArtifactTest.userDataSub().get(0)).contains("\nmetrics.stack=${AWS::StackName}\n");
        assertThat(alarm.get("AlarmActions")).isEqualTo(ALARM_ACTIONS);
        assertThat(alarm.get("OKActions")).isEqualTo(ALARM_ACTIONS);
    }

    private record Emf(String namespace, String dimension, String deadLettered, String reconnects, String capWarning,
            String capReached) {
    }

    private Emf emf() throws Exception {
        Path artifact = BuildOutputs.builtFile((String) TEMPLATE.properties("ForwarderArtifact").get("ContentUri"), "ForwarderArtifact/ContentUri");
        Path jar = BuildOutputs.extractEntry(artifact, "target/twt-forwarder.jar", temp);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> reporter = Class.forName("io.twt.forwarder.metrics.MetricsReporter", false, loader);
            Class<?> metrics = Class.forName("io.twt.forwarder.metrics.ForwarderMetrics", false, loader);
            return new Emf((String) reporter.getField("NAMESPACE").get(null), (String) reporter.getField("DIMENSION").get(null),
                    (String) metrics.getField("DEAD_LETTERED").get(null), (String) metrics.getField("RECONNECTS").get(null),
                    (String) metrics.getField("X_CAP_WARNING").get(null), (String) metrics.getField("X_CAP_REACHED").get(null));
        }
    }
}
