package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What template.yaml must do beyond resolving its names: the issue's requirements, each checked where it is set. */
class TemplateStructureTest {

    private static final Template TEMPLATE = Repository.template();
    private static final Object BUCKET_ARN = Map.of("Fn::GetAtt", List.of("DataBucket", "Arn"));
    private static final Object DEAD_LETTER_QUEUE_ARN = Map.of("Fn::GetAtt", List.of("DeadLetterQueue", "Arn"));
    /** {@code !Select [2, !Split ['/', !Ref AWS::StackId]]}: the UUID at the end of the stack id. */
    static final Object STACK_UUID = Map.of("Fn::Select", List.of(2, Map.of("Fn::Split", List.of("/", Map.of("Ref", "AWS::StackId")))));
    private static final Object ALARM_ACTIONS = Map.of("Fn::If", List.of("HasAlarmEmail", List.of(Map.of("Ref", "AlarmTopic")), Map.of("Ref", "AWS::NoValue")));

    @Test
    void functionsRunOnJava21OrNewerWithTracingAndAPublishedAlias() {
        assertThat(TEMPLATE.root().get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        for (String function : TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).keySet()) {
            Matcher java = Pattern.compile("java(\\d+)").matcher(String.valueOf(TEMPLATE.functionProperty(function, "Runtime")));
            assertThat(java.matches()).as("%s runs on a Java runtime", function).isTrue();
            assertThat(Integer.parseInt(java.group(1))).as("%s's Java version", function).isGreaterThanOrEqualTo(21);
            assertThat(TEMPLATE.functionProperty(function, "Tracing")).as(function).isEqualTo("Active");
            assertThat(TEMPLATE.functionProperty(function, "AutoPublishAlias")).as(function).isNotNull();
            assertThat(TEMPLATE.functionProperty(function, "Architectures")).as(function).isEqualTo(List.of("arm64"));
            assertThat(TEMPLATE.environment(function)).as(function).containsKeys("POWERTOOLS_SERVICE_NAME", "METRICS_NAMESPACE");
        }
    }

    /** SnapStart where the init holds no session: Validate. The Snowflake functions must not snapshot a connection. */
    @Test
    void snapStartOnlyWhereNoSnowflakeSessionCouldBeSnapshotted() {
        assertThat(TEMPLATE.properties("ValidateFunction").get("SnapStart")).isEqualTo(Map.of("Fn::If",
                List.of("SnapStartOffered", Map.of("ApplyOn", "PublishedVersions"), Map.of("Ref", "AWS::NoValue"))));
        for (String function : List.of("RefreshFunction", "BootstrapFunction")) {
            assertThat(TEMPLATE.functionProperty(function, "SnapStart")).as(function).isNull();
        }
    }

    /**
     * The regions the Lambda guide names as having no SnapStart ("available in all commercial
     * Regions except Asia Pacific (New Zealand) and Asia Pacific (Taipei)"): a SnapStart setting
     * there would fail the deploy, so Validate starts without one.
     */
    @Test
    void snapStartIsLeftOutInTheRegionsThatDoNotOfferIt() {
        assertThat(TEMPLATE.conditions().get("SnapStartOffered")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Or", List.of(
                Map.of("Fn::Equals", List.of(Map.of("Ref", "AWS::Region"), "ap-southeast-6")),
                Map.of("Fn::Equals", List.of(Map.of("Ref", "AWS::Region"), "ap-east-2")))))));
    }

    @Test
    void refreshRunsOnAScheduleWithRetriesAndADeadLetterQueue() {
        Map<String, Object> refresh = TEMPLATE.properties("RefreshFunction");
        Map<String, Object> events = Template.map(refresh.get("Events"), "RefreshFunction/Events");
        assertThat(events).hasSize(1);
        Map<String, Object> schedule = Template.map(events.values().iterator().next(), "RefreshFunction/Events");
        assertThat(schedule.get("Type")).isEqualTo("ScheduleV2");
        Map<String, Object> properties = Template.map(schedule.get("Properties"), "schedule properties");
        assertThat(properties.get("ScheduleExpression")).isEqualTo(Map.of("Ref", "RefreshSchedule"));
        assertThat(Template.map(properties.get("RetryPolicy"), "RetryPolicy")).containsKeys("MaximumRetryAttempts", "MaximumEventAgeInSeconds");
        assertThat(properties.get("DeadLetterConfig")).isEqualTo(Map.of("Arn", DEAD_LETTER_QUEUE_ARN));
        assertThat(Template.map(refresh.get("DeadLetterQueue"), "DeadLetterQueue").get("TargetArn")).isEqualTo(DEAD_LETTER_QUEUE_ARN);

        Map<String, Object> parameter = Template.map(TEMPLATE.parameters().get("RefreshSchedule"), "RefreshSchedule");
        assertThat(parameter.get("Default")).isEqualTo("rate(2 minutes)");
        Pattern allowed = Pattern.compile((String) parameter.get("AllowedPattern"));
        assertThat(List.of("rate(1 minute)", "rate(2 hours)", "cron(0/10 * * * ? *)")).allMatch(value -> allowed.matcher(value).matches());
        assertThat(List.of("rate(5 minute", "every 5 minutes", "rate(0 minutes)", "")).noneMatch(value -> allowed.matcher(value).matches());
    }

    /** Scheduler sends the Input as the event: it must be the shape of events/schedule.json, which the handler is tested with. */
    @Test
    void theScheduleSendsAScheduledEventShapedLikeTheSampleEvent(@TempDir Path dir) throws IOException {
        Map<String, Object> events = Template.map(TEMPLATE.properties("RefreshFunction").get("Events"), "RefreshFunction/Events");
        Map<String, Object> schedule = Template.map(events.values().iterator().next(), "RefreshFunction/Events");
        Map<String, Object> properties = Template.map(schedule.get("Properties"), "schedule properties");
        String input = (String) Template.map(properties.get("Input"), "Input").get("Fn::Sub");
        String resolved = input.replace("${AWS::AccountId}", "123456789012").replace("${AWS::Region}", "eu-west-1")
                .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                .replace("<aws.scheduler.scheduled-time>", "2026-03-22T18:55:00Z")
                .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:eu-west-1:123456789012:schedule/default/s");
        assertThat(resolved).doesNotContain("${", "<aws.");

        ObjectMapper json = new ObjectMapper();
        assertThat(keys(json.readTree(resolved))).isEqualTo(keys(json.readTree(Repository.read("events/schedule.json"))));
        Path file = dir.resolve("scheduled.json");
        Files.writeString(file, resolved);
        ScheduledEvent event =
                EventLoader.loadScheduledEvent(file.toString());
        assertThat(event.getId()).isEqualTo("d32c5kddcf5bb8c3");
        assertThat(event.getTime().getMillis()).isEqualTo(Instant.parse("2026-03-22T18:55:00Z").toEpochMilli());
        assertThat(event.getAccount()).isEqualTo("123456789012");
        assertThat(event.getResources()).containsExactly("arn:aws:scheduler:eu-west-1:123456789012:schedule/default/s");
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void everyParameterIsDescribedConstrainedAndHasADefaultThatPassesItsConstraint() {
        TEMPLATE.parameters().forEach((name, body) -> {
            Map<String, Object> parameter = Template.map(body, "Parameters/" + name);
            assertThat((String) parameter.get("Description")).as("%s has a Description", name).isNotBlank();
            String type = (String) parameter.get("Type");
            Object defaultValue = parameter.get("Default");
            if (parameter.containsKey("AllowedValues")) {
                if (defaultValue != null) {
                    assertThat(Template.list(parameter.get("AllowedValues"), name).stream().map(String::valueOf))
                            .as("%s's default", name).contains(String.valueOf(defaultValue));
                }
            } else if (type.equals("String")) {
                assertThat(parameter).as("%s has an AllowedPattern or AllowedValues", name).containsKey("AllowedPattern");
                if (defaultValue != null) {
                    assertThat(Pattern.compile((String) parameter.get("AllowedPattern")).matcher(String.valueOf(defaultValue)).matches())
                            .as("%s's default %s matches its AllowedPattern", name, defaultValue).isTrue();
                }
            } else if (type.equals("Number")) {
                assertThat(parameter).as("%s has a range", name).containsKeys("MinValue", "MaxValue");
                if (defaultValue != null) {
                    assertThat(new BigDecimal(String.valueOf(defaultValue))).as("%s's default", name)
                            .isBetween(new BigDecimal(String.valueOf(parameter.get("MinValue"))), new BigDecimal(String.valueOf(parameter.get("MaxValue"))));
                }
            } else {
                assertThat(type).as("%s: a type AWS checks itself", name).startsWith("AWS::");
            }
        });
    }

    @Test
    void eachFunctionLogsToALogGroupOfItsOwnWithRetention() {
        Set<Object> groups = new HashSet<>();
        for (String function : TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).keySet()) {
            Object group = Template.map(TEMPLATE.properties(function).get("LoggingConfig"), function + "/LoggingConfig").get("LogGroup");
            String groupId = (String) Template.map(group, function + "/LoggingConfig/LogGroup").get("Ref");
            assertThat(TEMPLATE.type(groupId)).as("%s logs to", function).isEqualTo("AWS::Logs::LogGroup");
            assertThat(TEMPLATE.properties(groupId).get("RetentionInDays")).as("retention of %s", groupId).isNotNull();
            assertThat(groups.add(groupId)).as("%s has its own log group", function).isTrue();
        }
    }

    @Test
    void firehoseWritesGzipToRawPerHourWithErrorsApartAndLogsItsErrors() {
        Map<String, Object> stream = TEMPLATE.properties("DeliveryStream");
        assertThat(stream.get("DeliveryStreamType")).isEqualTo("DirectPut");
        Map<String, Object> s3 = Template.map(stream.get("ExtendedS3DestinationConfiguration"), "ExtendedS3DestinationConfiguration");
        assertThat(s3.get("BucketARN")).isEqualTo(BUCKET_ARN);
        assertThat(s3.get("Prefix")).isEqualTo("raw/!{timestamp:yyyy/MM/dd/HH}/");
        assertThat((String) s3.get("ErrorOutputPrefix")).startsWith("errors/!{firehose:error-output-type}/");
        assertThat(s3.get("CompressionFormat")).isEqualTo("GZIP");
        assertThat(s3.get("BufferingHints")).isEqualTo(Map.of("SizeInMBs", Map.of("Ref", "FirehoseBufferSizeMiB"),
                "IntervalInSeconds", Map.of("Ref", "FirehoseBufferIntervalSeconds")));
        assertThat(s3.get("CloudWatchLoggingOptions")).isEqualTo(Map.of("Enabled", true,
                "LogGroupName", Map.of("Ref", "DeliveryStreamLogGroup"), "LogStreamName", Map.of("Ref", "DeliveryStreamLogStream")));
        // What Firehose writes is what Validate reads.
        String rawPrefix = ((String) s3.get("Prefix")).substring(0, ((String) s3.get("Prefix")).indexOf('!'));
        assertThat(TEMPLATE.environment("ValidateFunction")).containsEntry("RAW_PREFIX", rawPrefix);
        assertThat(prefixOf(validateNotification())).isEqualTo(rawPrefix);
    }

    @Test
    void theBucketIsPrivateEncryptedVersionedAndExpiresRawAndQuarantine() {
        Map<String, Object> bucket = TEMPLATE.properties("DataBucket");
        assertThat(bucket.get("PublicAccessBlockConfiguration")).isEqualTo(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                "IgnorePublicAcls", true, "RestrictPublicBuckets", true));
        assertThat(String.valueOf(bucket.get("BucketEncryption"))).contains("SSEAlgorithm=");
        assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Status", "Enabled"));
        List<Object> rules = Template.list(Template.map(bucket.get("LifecycleConfiguration"), "LifecycleConfiguration").get("Rules"), "Rules");
        assertThat(rules).anySatisfy(rule -> assertThat(Template.map(rule, "rule")).containsEntry("Prefix", "raw/")
                .containsEntry("ExpirationInDays", Map.of("Ref", "RawRetentionDays")).containsEntry("Status", "Enabled"));
        assertThat(rules).anySatisfy(rule -> assertThat(Template.map(rule, "rule")).containsEntry("Prefix", "quarantine/")
                .containsEntry("ExpirationInDays", Map.of("Ref", "QuarantineRetentionDays")).containsEntry("Status", "Enabled"));
        assertThat(TEMPLATE.resource("DataBucket").get("DeletionPolicy")).isIn("Retain", "RetainExceptOnCreate");
    }

    /** The horizon within which every copy of a post leaves the bucket by default (docs/compliance.md). */
    private static final int COMPLIANCE_HORIZON_DAYS = 30;

    @Test
    void everyPrefixTheStackWritesExpiresByDefaultWithinTheComplianceHorizonAndOldVersionsAfterADay() {
        Map<String, Object> bucket = TEMPLATE.properties("DataBucket");
        List<Object> rules = Template.list(Template.map(bucket.get("LifecycleConfiguration"), "LifecycleConfiguration").get("Rules"), "Rules");
        Map<String, Integer> defaultDaysByPrefix = new TreeMap<>();
        for (Object r : rules) {
            Map<String, Object> rule = Template.map(r, "rule");
            if (rule.get("Prefix") instanceof String prefix && rule.get("ExpirationInDays") instanceof Map<?, ?> ref) {
                assertThat(rule).containsEntry("Status", "Enabled");
                defaultDaysByPrefix.put(prefix, Integer.parseInt(String.valueOf(parameterDefault(String.valueOf(ref.get("Ref"))))));
            }
        }
        // raw/ (Firehose), validated/ (Validate, Snowpipe's source), quarantine/ (Validate), errors/ (Firehose)
        assertThat(defaultDaysByPrefix).containsOnlyKeys("raw/", "validated/", "quarantine/", "errors/");
        assertThat(defaultDaysByPrefix.values()).allSatisfy(days -> assertThat(days).isBetween(1, COMPLIANCE_HORIZON_DAYS));
        assertThat(rules).anySatisfy(r -> assertThat(Template.map(r, "rule").get("NoncurrentVersionExpiration"))
                .isEqualTo(Map.of("NoncurrentDays", 1)));
    }

    private static Object parameterDefault(String name) {
        return Template.map(TEMPLATE.parameters().get(name), name).get("Default");
    }

    /**
     * The names computed from the stack are valid for every stack name CloudFormation accepts
     * (letters of either case, digits, hyphens, up to 128 characters) in every region: otherwise
     * the deploy fails at the bucket or the role, after Bootstrap has made the Snowflake objects.
     */
    @Test
    void computedNamesAreValidForAnyStackNameAndRegion() {
        Pattern bucketName = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
        for (String stack : List.of("twt", "Twt-Prod", "A" + "-very-long-stack-name".repeat(7).substring(0, 127))) {
            Map<String, String> pseudo = Map.of("AWS::StackName", stack, "AWS::AccountId", "123456789012",
                    "AWS::Region", "ap-southeast-5", "AWS::Partition", "aws",
                    "AWS::StackId", "arn:aws:cloudformation:ap-southeast-5:123456789012:stack/" + stack + "/51af3dc0-da77-11e4-872e-1234567db123");
            String bucket = resolve(TEMPLATE.properties("DataBucket").get("BucketName"), pseudo);
            assertThat(bucket).as("bucket name for stack %s", stack).matches(bucketName);
            assertThat(resolve(TEMPLATE.properties("SnowflakeObjects").get("BucketName"), pseudo)).isEqualTo(bucket);
            String role = resolve(TEMPLATE.properties("SnowflakeStorageRole").get("RoleName"), pseudo);
            assertThat(role).as("role name for stack %s", stack).matches("[\\w+=,.@-]{1,64}");
            assertThat(resolve(TEMPLATE.properties("SnowflakeObjects").get("StorageRoleArn"), pseudo))
                    .isEqualTo("arn:aws:iam::123456789012:role/" + role);
            // IntegrationName left empty: the stack's own, a valid unquoted Snowflake identifier.
            Object integration = Template.list(Template.map(TEMPLATE.properties("SnowflakeObjects").get("IntegrationName"),
                    "IntegrationName").get("Fn::If"), "Fn::If").get(2);
            assertThat(resolve(integration, pseudo)).isEqualTo("TWT_S3_51af3dc0_da77_11e4_872e_1234567db123")
                    .matches("[A-Za-z_][A-Za-z0-9_$]{0,254}");
            Object displayName = TEMPLATE.properties("AlarmTopic").get("DisplayName");
            assertThat(resolve(displayName, pseudo)).as("alarm topic display name for stack %s", stack).hasSizeLessThanOrEqualTo(100);
        }
    }

    /** Evaluates the intrinsics computed names use: Ref to a pseudo-parameter, Fn::Sub, Fn::Select, Fn::Split. */
    private static String resolve(Object value, Map<String, String> pseudo) {
        if (value instanceof String text) {
            return text;
        }
        Map<String, Object> intrinsic = Template.map(value, "an intrinsic");
        assertThat(intrinsic).hasSize(1);
        Map.Entry<String, Object> call = intrinsic.entrySet().iterator().next();
        return switch (call.getKey()) {
            case "Ref" -> {
                assertThat(pseudo).as("pseudo-parameters").containsKey((String) call.getValue());
                yield pseudo.get((String) call.getValue());
            }
            case "Fn::Sub" -> {
                String text = call.getValue() instanceof String s ? s : (String) Template.list(call.getValue(), "Fn::Sub").get(0);
                Map<String, String> variables = new HashMap<>(pseudo);
                if (!(call.getValue() instanceof String)) {
                    Template.map(Template.list(call.getValue(), "Fn::Sub").get(1), "Fn::Sub variables")
                            .forEach((name, v) -> variables.put(name, resolve(v, pseudo)));
                }
                Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(text);
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    assertThat(variables).as("variables of %s", text).containsKey(m.group(1));
                    m.appendReplacement(out, Matcher.quoteReplacement(variables.get(m.group(1))));
                }
                yield m.appendTail(out).toString();
            }
            case "Fn::Select" -> {
                List<Object> args = Template.list(call.getValue(), "Fn::Select");
                yield split(args.get(1), pseudo).get(((Number) args.get(0)).intValue());
            }
            case "Fn::Join" -> {
                List<Object> args = Template.list(call.getValue(), "Fn::Join");
                Object parts = args.get(1);
                List<String> values = parts instanceof Map<?, ?> ? split(parts, pseudo)
                        : Template.list(parts, "Fn::Join").stream().map(v -> resolve(v, pseudo)).toList();
                yield String.join((String) args.get(0), values);
            }
            default -> throw new AssertionError("not evaluated here: " + call.getKey());
        };
    }

    private static List<String> split(Object value, Map<String, String> pseudo) {
        List<Object> args = Template.list(Template.map(value, "Fn::Split").get("Fn::Split"), "Fn::Split");
        return List.of(resolve(args.get(1), pseudo).split(Pattern.quote((String) args.get(0)), -1));
    }

    /**
     * S3 rejects overlapping prefixes for one event type: Validate's raw/ and Snowpipe's validated/
     * must not overlap. Validate's notification is the bucket's own (no SAM S3 event, whose
     * permission would not name the bucket) and targets the alias, the published version.
     */
    @Test
    void validateIsNotifiedOfRawAndSnowpipeOfValidatedWithoutOverlap() {
        assertThat(TEMPLATE.properties("ValidateFunction")).doesNotContainKey("Events");
        Map<String, Object> validate = validateNotification();
        assertThat(validate.get("Function")).isEqualTo(Map.of("Ref", "ValidateFunction.Alias"));
        assertThat(validate.get("Event")).isEqualTo("s3:ObjectCreated:*");
        Map<String, Object> notifications = Template.map(TEMPLATE.properties("DataBucket").get("NotificationConfiguration"), "NotificationConfiguration");
        assertThat(notifications).containsOnlyKeys("LambdaConfigurations", "QueueConfigurations");
        List<Object> queues = Template.list(notifications.get("QueueConfigurations"), "QueueConfigurations");
        assertThat(queues).hasSize(1);
        Map<String, Object> pipe = Template.map(queues.get(0), "queue");
        assertThat(pipe.get("Queue")).isEqualTo(Map.of("Fn::GetAtt", List.of("SnowflakeObjects", "PipeNotificationChannel")));
        assertThat(pipe.get("Event")).isEqualTo(validate.get("Event"));
        String raw = prefixOf(validate);
        String validated = prefixOf(pipe);
        assertThat(validated).isEqualTo("validated/");
        assertThat(raw.startsWith(validated) || validated.startsWith(raw)).as("%s and %s overlap", raw, validated).isFalse();
    }

    @Test
    void snowflakeObjectsIsTheBootstrapCustomResource() {
        Map<String, Object> resource = TEMPLATE.properties("SnowflakeObjects");
        assertThat(TEMPLATE.type("SnowflakeObjects")).isEqualTo("Custom::SnowflakeObjects");
        assertThat(resource).containsOnlyKeys("ServiceToken", "ServiceTimeout", "Revision", "BucketName", "StorageRoleArn",
                "IntegrationName", "DropDataOnDelete", "RefreshCompute", "TaskErrorIntegration");
        assertThat(resource.get("ServiceToken")).isEqualTo(Map.of("Ref", "BootstrapFunction.Alias"));
        // A new Bootstrap version (new migrations) changes this property, so CloudFormation sends an Update.
        assertThat(resource.get("Revision")).isEqualTo(Map.of("Ref", "BootstrapFunction.Version"));
        List<Object> integration = Template.list(Template.map(resource.get("IntegrationName"), "IntegrationName").get("Fn::If"), "Fn::If");
        assertThat(integration.subList(0, 2)).containsExactly("HasIntegrationName", Map.of("Ref", "IntegrationName"));
        assertThat(resource.get("DropDataOnDelete")).isEqualTo(Map.of("Ref", "DropDataOnDelete"));
        assertThat(Template.map(TEMPLATE.parameters().get("IntegrationName"), "IntegrationName").get("Default")).isEqualTo("");
        Map<String, Object> drop = Template.map(TEMPLATE.parameters().get("DropDataOnDelete"), "DropDataOnDelete");
        assertThat(drop.get("Default")).isEqualTo("false");
        assertThat(drop.get("AllowedValues")).isEqualTo(List.of("false", "true"));
    }

    /** Bootstrap (which keeps or drops the task) and Refresh (which runs it or the warehouse refresh) get the same mode. */
    @Test
    void bothSnowflakeFunctionsGetRefreshComputeWhoseDefaultIsServerless() {
        Map<String, Object> parameter = Template.map(TEMPLATE.parameters().get("RefreshCompute"), "RefreshCompute");
        assertThat(parameter.get("Default")).isEqualTo("serverless");
        assertThat(parameter.get("AllowedValues")).isEqualTo(List.of("serverless", "warehouse"));
        assertThat(TEMPLATE.properties("SnowflakeObjects").get("RefreshCompute")).isEqualTo(Map.of("Ref", "RefreshCompute"));
        assertThat(TEMPLATE.environment("RefreshFunction")).containsEntry("REFRESH_COMPUTE", Map.of("Ref", "RefreshCompute"));
        assertThat(TEMPLATE.environment("BootstrapFunction")).doesNotContainKey("REFRESH_COMPUTE");
    }

    /**
     * Serverless mode: the task's errors reach a standard topic of the stack whose messages raise an
     * alarm like the others; Snowflake publishes through a role of a computed name that trusts the
     * integration's IAM user with its external id only.
     */
    @Test
    void theRefreshTaskErrorsReachAnAlarmThroughAStandardTopicAndARoleThatTrustsOnlyTheIntegration() {
        assertThat(TEMPLATE.resource("TaskErrorTopic").get("Condition")).isEqualTo("RefreshServerless");
        assertThat(TEMPLATE.properties("TaskErrorTopic")).doesNotContainKeys("FifoTopic", "TopicName");
        Map<String, Object> alarm = TEMPLATE.properties("RefreshTaskErrorsAlarm");
        assertThat(alarm.get("Namespace")).isEqualTo("AWS/SNS");
        assertThat(alarm.get("MetricName")).isEqualTo("NumberOfMessagesPublished");
        assertThat(alarm.get("AlarmActions")).isEqualTo(TEMPLATE.properties("RefreshErrorsAlarm").get("AlarmActions"));

        assertThat(TEMPLATE.resource("TaskErrorRole").get("Condition")).isEqualTo("HasTaskErrorTrust");
        Map<String, Object> trust = Template.map(Template.list(Template.map(TEMPLATE.properties("TaskErrorRole").get("AssumeRolePolicyDocument"),
                "trust").get("Statement"), "Statement").get(0), "statement");
        assertThat(trust.get("Principal")).isEqualTo(Map.of("AWS", Map.of("Ref", "TaskErrorIamUserArn")));
        assertThat(trust.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("sts:ExternalId", Map.of("Ref", "TaskErrorExternalId"))));
        assertThat(TEMPLATE.properties("TaskErrorRole").get("RoleName").toString()).contains("twt-snowflake-sns-${StackUuid}");
        assertThat(Template.map(TEMPLATE.section("Outputs").get("TaskErrorRoleArn"), "TaskErrorRoleArn").get("Value").toString())
                .contains("role/twt-snowflake-sns-${StackUuid}");

        // Naming the integration without its trust (or in warehouse mode) is refused before anything is deployed.
        Map<String, Object> rule = Template.map(TEMPLATE.section("Rules").get("TaskErrorIntegrationNeedsItsTrust"), "rule");
        assertThat(rule.get("RuleCondition")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "TaskErrorIntegration"), "")))));
        assertThat(rule.get("Assertions").toString()).contains("RefreshCompute", "TaskErrorIamUserArn", "TaskErrorExternalId");
        assertThat(TEMPLATE.properties("SnowflakeObjects").get("TaskErrorIntegration")).isEqualTo(Map.of("Fn::If",
                List.of("HasTaskErrorIntegration", Map.of("Ref", "TaskErrorIntegration"), Map.of("Ref", "AWS::NoValue"))));
    }

    @Test
    void theForwarderExistsOnlyWhenEnabledAndAcceptsNoInboundTraffic() {
        for (String id : TEMPLATE.resources().keySet()) {
            if (id.startsWith("Forwarder") || id.equals("NoIncomingRecordsAlarm")) {
                assertThat(TEMPLATE.resource(id).get("Condition")).as("%s's condition", id).isEqualTo("ForwarderOn");
            }
        }
        assertThat(TEMPLATE.conditions().get("ForwarderOn")).isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "ForwarderEnabled"), "true")));
        assertThat(TEMPLATE.properties("ForwarderSecurityGroup")).doesNotContainKey("SecurityGroupIngress");
        assertThat(TEMPLATE.resourcesOfType("AWS::EC2::SecurityGroupIngress")).isEmpty();
        Map<String, Object> data = Template.map(TEMPLATE.properties("ForwarderLaunchTemplate").get("LaunchTemplateData"), "LaunchTemplateData");
        assertThat(data).doesNotContainKey("KeyName");
        assertThat(Template.map(data.get("MetadataOptions"), "MetadataOptions")).containsEntry("HttpTokens", "required");
        // A new launch template version (new artifact, new parameters) replaces the instance.
        assertThat(TEMPLATE.properties("ForwarderGroup").get("LaunchTemplate")).isEqualTo(Map.of(
                "LaunchTemplateId", Map.of("Ref", "ForwarderLaunchTemplate"),
                "Version", Map.of("Fn::GetAtt", List.of("ForwarderLaunchTemplate", "LatestVersionNumber"))));
    }

    /** The rate is quarantined over all records, each as the Validate function counts them (its EMF metric names and dimension). */
    @Test
    void quarantineRateAlarmDividesTheRecordsValidateQuarantinedByAllItRead(@TempDir Path task) throws Exception {
        Path jar = BuildOutputs.builtFile((String) TEMPLATE.properties("ValidateFunction").get("CodeUri"), "ValidateFunction/CodeUri");
        String quarantined;
        String valid;
        String dimension;
        try (URLClassLoader loader = BuildOutputs.functionClassLoader(jar, List.of(), task)) {
            Class<?> metrics = Class.forName("io.twt.functions.validate.ValidateMetrics", true, loader);
            quarantined = constant(metrics, "RECORDS_QUARANTINED");
            valid = constant(metrics, "RECORDS_VALID");
            dimension = constant(metrics, "DIMENSION");
        }
        assertThat(TEMPLATE.resources()).doesNotContainKey("QuarantinedRecordsAlarm");
        Map<String, Object> alarm = TEMPLATE.properties("QuarantineRateAlarm");
        Map<String, Map<String, Object>> byId = metricsById("QuarantineRateAlarm");
        assertThat(byId).containsOnlyKeys("quarantined", "valid", "rate");
        for (Map.Entry<String, String> metric : Map.of("quarantined", quarantined, "valid", valid).entrySet()) {
            Map<String, Object> stat = Template.map(byId.get(metric.getKey()).get("MetricStat"), metric.getKey());
            assertThat(stat.get("Metric")).isEqualTo(Map.of("Namespace", TEMPLATE.environment("ValidateFunction").get("METRICS_NAMESPACE"),
                    "MetricName", metric.getValue(),
                    "Dimensions", List.of(Map.of("Name", dimension, "Value", Map.of("Ref", "ValidateFunction")))));
            assertThat(stat.get("Stat")).isEqualTo("Sum");
            assertThat(byId.get(metric.getKey()).get("ReturnData")).isEqualTo(false);
        }
        assertThat(byId.get("rate").get("Expression"))
                .isEqualTo("IF(quarantined + valid > 0, 100 * quarantined / (quarantined + valid), 0)");
        assertThat(byId.get("rate").get("ReturnData")).isEqualTo(true);
        assertThat(alarm.get("Threshold")).isEqualTo(Map.of("Ref", "QuarantineRateAlarmPercent"));
        assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
        assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
        Map<String, Object> percent = Template.map(TEMPLATE.parameters().get("QuarantineRateAlarmPercent"), "QuarantineRateAlarmPercent");
        assertThat(percent).containsEntry("Default", 1).containsEntry("MinValue", 0).containsEntry("MaxValue", 100);
    }

    /**
     * Firehose's recommended S3 delivery alarms: the oldest record older than twice the buffer
     * interval, and failing puts. Neither fires when no data arrives (that is the silence alarm's),
     * and neither needs the forwarder: they watch delivery, whoever feeds the stream.
     */
    @Test
    void firehoseAlarmsFireOnLateOrFailingDeliveryButNotOnAQuietStream() {
        Map<String, Object> freshnessAlarm = TEMPLATE.properties("DeliveryFreshnessAlarm");
        Map<String, Map<String, Object>> byId = metricsById("DeliveryFreshnessAlarm");
        Map<String, Object> stat = Template.map(byId.get("freshness").get("MetricStat"), "freshness");
        assertThat(stat.get("Metric")).isEqualTo(Map.of("Namespace", "AWS/Firehose", "MetricName", "DeliveryToS3.DataFreshness",
                "Dimensions", List.of(Map.of("Name", "DeliveryStreamName", "Value", Map.of("Ref", "DeliveryStream")))));
        assertThat(stat.get("Stat")).isEqualTo("Maximum");
        // The expression divides the age by the interval; with the threshold, the alarm is "age > 2 intervals".
        String expression = (String) Template.map(byId.get("intervals").get("Expression"), "Expression").get("Fn::Sub");
        assertThat(byId.get("intervals").get("ReturnData")).isEqualTo(true);
        assertThat(freshnessAlarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
        double threshold = ((Number) freshnessAlarm.get("Threshold")).doubleValue();
        for (int interval : List.of(60, 300, 900)) {
            assertThat(ageInIntervals(expression, 2.0 * interval + 1, interval)).as("interval %d", interval).isGreaterThan(threshold);
            assertThat(ageInIntervals(expression, 2.0 * interval, interval)).as("interval %d", interval).isLessThanOrEqualTo(threshold);
        }

        Map<String, Object> failures = TEMPLATE.properties("DeliveryFailuresAlarm");
        assertThat(failures).containsEntry("Namespace", "AWS/Firehose").containsEntry("MetricName", "DeliveryToS3.Success")
                .containsEntry("Statistic", "Average").containsEntry("Threshold", 1).containsEntry("ComparisonOperator", "LessThanThreshold");
        assertThat(failures.get("Dimensions")).isEqualTo(List.of(Map.of("Name", "DeliveryStreamName", "Value", Map.of("Ref", "DeliveryStream"))));

        for (String id : List.of("DeliveryFreshnessAlarm", "DeliveryFailuresAlarm")) {
            assertThat(TEMPLATE.properties(id).get("TreatMissingData")).as("%s without data", id).isEqualTo("notBreaching");
            assertThat(TEMPLATE.resource(id).get("Condition")).as("%s's condition", id).isNull();
        }
    }

    /** {@code freshness / ${FirehoseBufferIntervalSeconds}} evaluated for one age and interval. */
    private static double ageInIntervals(String expression, double age, int interval) {
        String resolved = expression.replace("${FirehoseBufferIntervalSeconds}", Integer.toString(interval));
        Matcher division = Pattern.compile("freshness / (\\d+)").matcher(resolved);
        assertThat(division.matches()).as("the freshness expression %s", expression).isTrue();
        return age / Integer.parseInt(division.group(1));
    }

    /** A metric-math alarm's Metrics, by Id. */
    private static Map<String, Map<String, Object>> metricsById(String alarm) {
        Map<String, Map<String, Object>> byId = new HashMap<>();
        for (Object metric : Template.list(TEMPLATE.properties(alarm).get("Metrics"), alarm + "/Metrics")) {
            Map<String, Object> query = Template.map(metric, alarm + "/Metrics");
            byId.put((String) query.get("Id"), query);
        }
        return byId;
    }

    @Test
    void alarmsCoverFailuresQuarantineRejectedRowsLoadErrorsSilenceDeliveryAndTheDeadLetterQueueAndMailWhenAnAddressIsGiven() {
        Map<String, Map<String, Object>> alarms = TEMPLATE.resourcesOfType("AWS::CloudWatch::Alarm");
        Set<String> watched = new HashSet<>();
        alarms.forEach((id, alarm) -> {
            List<Map<String, Object>> metrics = alarm.containsKey("Metrics")
                    ? metricsById(id).values().stream().filter(query -> query.containsKey("MetricStat"))
                            .map(query -> Template.map(Template.map(query.get("MetricStat"), id).get("Metric"), id)).toList()
                    : List.of(alarm);
            for (Map<String, Object> metric : metrics) {
                Map<String, Object> dimension = Template.map(Template.list(metric.get("Dimensions"), id + "/Dimensions").get(0), id);
                watched.add(metric.get("Namespace") + " " + metric.get("MetricName") + " " + dimension.get("Value"));
            }
            assertThat(alarm.get("AlarmActions")).as("%s notifies the topic when there is one", id).isEqualTo(ALARM_ACTIONS);
            assertThat(alarm.get("OKActions")).as("%s notifies the topic when there is one", id).isEqualTo(ALARM_ACTIONS);
        });
        assertThat(watched).contains(
                "AWS/Lambda Errors {Ref=ValidateFunction}",
                "AWS/Lambda Errors {Ref=RefreshFunction}",
                "twt RejectedRows {Ref=RefreshFunction}",
                "twt LoadErrorFiles {Ref=RefreshFunction}",
                "twt RecordsQuarantined {Ref=ValidateFunction}",
                "twt RecordsValid {Ref=ValidateFunction}",
                "AWS/Firehose IncomingRecords {Ref=DeliveryStream}",
                "AWS/Firehose DeliveryToS3.DataFreshness {Ref=DeliveryStream}",
                "AWS/Firehose DeliveryToS3.Success {Ref=DeliveryStream}",
                "AWS/SQS ApproximateNumberOfMessagesVisible {Fn::GetAtt=[DeadLetterQueue, QueueName]}");
        Map<String, Object> silence = alarms.get("NoIncomingRecordsAlarm");
        assertThat(silence.get("TreatMissingData")).as("no datapoint is no record").isEqualTo("breaching");
        assertThat(silence.get("EvaluationPeriods")).isEqualTo(Map.of("Ref", "NoRecordsAlarmMinutes"));
        assertThat(silence.get("Period")).isEqualTo(60);
        assertThat(TEMPLATE.resource("AlarmTopic").get("Condition")).isEqualTo("HasAlarmEmail");
        assertThat(TEMPLATE.resource("AlarmEmailSubscription").get("Condition")).isEqualTo("HasAlarmEmail");
        assertThat(TEMPLATE.properties("AlarmEmailSubscription")).containsEntry("Protocol", "email").containsEntry("Endpoint", Map.of("Ref", "AlarmEmail"));
        assertThat(Template.map(TEMPLATE.properties("ValidateFunction").get("DeadLetterQueue"), "DeadLetterQueue").get("TargetArn"))
                .isEqualTo(DEAD_LETTER_QUEUE_ARN);
    }

    @Test
    void outputsNameWhatAnOperatorNeeds() {
        assertThat(TEMPLATE.section("Outputs")).containsKeys("BucketName", "DeliveryStreamName", "ValidateFunctionName",
                "RefreshFunctionName", "BootstrapFunctionName", "StorageAwsIamUserArn", "StorageAwsExternalId");
        assertThat(Template.map(TEMPLATE.section("Outputs").get("StorageAwsExternalId"), "output").get("Value"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("SnowflakeObjects", "StorageAwsExternalId")));
    }

    /** The bucket's one Lambda notification, Validate's. */
    static Map<String, Object> validateNotification() {
        Map<String, Object> notifications = Template.map(TEMPLATE.properties("DataBucket").get("NotificationConfiguration"), "NotificationConfiguration");
        List<Object> functions = Template.list(notifications.get("LambdaConfigurations"), "LambdaConfigurations");
        assertThat(functions).hasSize(1);
        return Template.map(functions.get(0), "LambdaConfigurations/0");
    }

    /** The one prefix rule of an S3 notification filter. */
    private static String prefixOf(Map<String, Object> notification) {
        Map<String, Object> key = Template.map(Template.map(notification.get("Filter"), "Filter").get("S3Key"), "S3Key");
        List<Object> rules = Template.list(key.get("Rules"), "Rules");
        assertThat(rules).hasSize(1);
        Map<String, Object> rule = Template.map(rules.get(0), "rule");
        assertThat(rule.get("Name")).isEqualTo("prefix");
        return (String) rule.get("Value");
    }

    private static String constant(Class<?> type, String name) throws ReflectiveOperationException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return (String) field.get(null);
    }
}
