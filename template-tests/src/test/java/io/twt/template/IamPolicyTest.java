package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class IamPolicyTest {

    private static final Template TEMPLATE = Repository.template();
    private static final Object BUCKET_ARN = Map.of("Fn::GetAtt", List.of("DataBucket", "Arn"));

    @Test
    void noStatementAllowsAWildcardActionOrAnUnjustifiedWildcardResource() {
        assertThat(PolicyCheck.statements(TEMPLATE)).hasSizeGreaterThan(15);
        assertThat(PolicyCheck.problems(TEMPLATE)).isEmpty();
    }

    @Test
    void theCheckCatchesWhatItShould() {
        Template loose = new Template(CloudFormationYaml.parse("""
                Resources:
                  Role:
                    Type: AWS::IAM::Role
                    Properties:
                      AssumeRolePolicyDocument:
                        Statement:
                          - {Effect: Allow, Principal: {AWS: arn:aws:iam::999999999999:root}, Action: sts:AssumeRole}
                      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
                      Policies:
                        - PolicyName: p
                          PolicyDocument:
                            Statement:
                              - {Effect: Allow, Action: 's3:*', Resource: !Sub 'arn:${AWS::Partition}:s3:::b/raw/*'}
                              - {Effect: Allow, Action: s3:GetObject, Resource: '*'}
                              - {Effect: Allow, Action: xray:PutTraceSegments, Resource: '*'}
                              - {Effect: Allow, Action: s3:PutObject, Resource: !Sub 'arn:${AWS::Partition}:s3:::b/*'}
                              - {Effect: Allow, Action: logs:PutLogEvents, Resource: !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*'}
                              - {Effect: Allow, NotAction: s3:DeleteObject, Resource: !GetAtt Bucket.Arn}
                              - {Effect: Deny, Principal: '*', Action: 's3:*', Resource: '*'}
                              - {Effect: Allow, Action: s3:GetObject, Resource: !If [C, !GetAtt Bucket.Arn, '*']}
                  Fn:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - AmazonS3FullAccess
                        - S3CrudPolicy: {BucketName: b}
                        - AWSSecretsManagerGetSecretValuePolicy: {SecretArn: '*'}
                """));
        assertThat(PolicyCheck.problems(loose)).containsExactlyInAnyOrder(
                "Resources/Role/Properties/AssumeRolePolicyDocument/Statement/0: trusts an AWS principal without an sts:ExternalId condition",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0: action s3:* is not one named action",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/1: Resource * for s3:GetObject, which can name its resource",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/3: arn:${AWS::Partition}:s3:::b/* reaches every object; name the prefix",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/4: arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*"
                        + " is a wildcard over a whole service, region or account",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/5: NotAction grants or exempts everything else",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/5: no Action",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/6: a Deny without a Condition",
                "Resources/Role/Properties/Policies/0/PolicyDocument/Statement/7: Resource * for s3:GetObject, which can name its resource",
                "Role/ManagedPolicyArns: AdministratorAccess is not an allowed managed policy",
                "Fn/Policies: managed policy AmazonS3FullAccess (write the statements it needs)",
                "Fn/Policies: SAM policy template S3CrudPolicy is not on the allow-list",
                "Fn/Policies/AWSSecretsManagerGetSecretValuePolicy: SecretArn must name one resource, not *");
    }

    @Test
    void theBucketPolicyDeniesEveryRequestWithoutTls() {
        List<PolicyCheck.Statement> bucketPolicy = statementsOf("DataBucketPolicy");
        assertThat(TEMPLATE.properties("DataBucketPolicy").get("Bucket")).isEqualTo(Map.of("Ref", "DataBucket"));
        assertThat(bucketPolicy).anySatisfy(statement -> {
            assertThat(statement.effect()).isEqualTo("Deny");
            assertThat(statement.body().get("Principal")).isEqualTo("*");
            assertThat(statement.actions()).containsExactly("s3:*");
            assertThat(statement.resources()).containsExactlyInAnyOrder(BUCKET_ARN, Map.of("Fn::Sub", "${DataBucket.Arn}/*"));
            Map<String, Object> condition = Template.map(statement.body().get("Condition"), "Condition");
            assertThat(String.valueOf(Template.map(condition.get("Bool"), "Bool").get("aws:SecureTransport"))).isEqualTo("false");
        });
    }

    @Test
    void snowflakeReadsOnlyValidatedThroughARoleThatTrustsOnlyItsIntegration() {
        List<PolicyCheck.Statement> trust = statementsOf("SnowflakeStorageRole").stream()
                .filter(statement -> statement.body().containsKey("Principal")).toList();
        assertThat(trust).singleElement().satisfies(statement -> {
            assertThat(statement.body().get("Principal"))
                    .isEqualTo(Map.of("AWS", Map.of("Fn::GetAtt", List.of("SnowflakeObjects", "StorageAwsIamUserArn"))));
            assertThat(statement.body().get("Condition")).isEqualTo(Map.of("StringEquals",
                    Map.of("sts:ExternalId", Map.of("Fn::GetAtt", List.of("SnowflakeObjects", "StorageAwsExternalId")))));
        });
        List<PolicyCheck.Statement> grants = statementsOf("SnowflakeStorageRole").stream()
                .filter(statement -> !statement.body().containsKey("Principal")).toList();
        assertThat(actionsOf(grants)).containsExactlyInAnyOrder("s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:GetBucketLocation");
        String bucket = "arn:${AWS::Partition}:s3:::" + bucketNameExpression();
        for (PolicyCheck.Statement grant : grants) {
            assertThat(grant.resources()).singleElement().satisfies(resource -> assertThat(subText(resource))
                    .isEqualTo(grant.actions().contains("s3:GetObject") ? bucket + "/validated/*" : bucket));
            if (grant.actions().contains("s3:ListBucket")) {
                assertThat(grant.body().get("Condition")).isEqualTo(Map.of("StringLike", Map.of("s3:prefix", "validated/*")));
            }
        }
    }

    /** The bucket waits for the storage role, so that Snowflake can read the first validated object. */
    @Test
    void theBucketIsCreatedAfterTheRoleSnowflakeReadsItThrough() {
        assertThat(Template.oneOrMany(TEMPLATE.resource("DataBucket").get("DependsOn"))).contains("SnowflakeStorageRole");
    }

    @Test
    void theStorageRoleHasTheNameBootstrapIsGivenForIt() {
        String roleName = subText(TEMPLATE.properties("SnowflakeStorageRole").get("RoleName"));
        String arn = subText(TEMPLATE.properties("SnowflakeObjects").get("StorageRoleArn"));
        assertThat(arn).isEqualTo("arn:${AWS::Partition}:iam::${AWS::AccountId}:role/" + roleName);
    }

    @Test
    void firehoseWritesOnlyRawAndErrors() {
        List<PolicyCheck.Statement> grants = statementsOf("DeliveryStreamRole").stream()
                .filter(statement -> statement.actions().contains("s3:PutObject")).toList();
        assertThat(grants).singleElement().satisfies(statement -> assertThat(statement.resources()).containsExactlyInAnyOrder(
                Map.of("Fn::Sub", "${DataBucket.Arn}/raw/*"), Map.of("Fn::Sub", "${DataBucket.Arn}/errors/*")));
    }

    @Test
    void validateReadsRawAndWritesOnlyValidatedAndQuarantine() {
        List<PolicyCheck.Statement> grants = statementsOf("ValidateRole").stream()
                .filter(statement -> statement.actions().stream().anyMatch(action -> String.valueOf(action).startsWith("s3:"))).toList();
        String bucket = "arn:${AWS::Partition}:s3:::" + bucketNameExpression();
        assertThat(grants).allSatisfy(statement -> assertThat(statement.resources()).allSatisfy(resource ->
                assertThat(subText(resource)).startsWith(bucket)));
        Set<String> writable = grants.stream()
                .filter(statement -> statement.actions().contains("s3:PutObject") || statement.actions().contains("s3:DeleteObject"))
                .flatMap(statement -> statement.resources().stream())
                .map(resource -> subText(resource).substring(bucket.length()))
                .collect(Collectors.toSet());
        assertThat(writable).containsExactlyInAnyOrder("/validated/*", "/quarantine/*");
        assertThat(grants).anySatisfy(statement -> {
            assertThat(statement.actions()).containsExactly("s3:GetObject");
            assertThat(statement.resources()).singleElement().satisfies(resource -> assertThat(subText(resource)).isEqualTo(bucket + "/raw/*"));
        });
    }

    @Test
    void theForwarderInstanceMayOnlyPutRecordsReadItsSecretFetchItsArtifactSignalItsStackShipItsOwnLogsAndPutDeadLettersUnderRaw() {
        Map<Object, List<Object>> resourcesByAction = statementsOf("ForwarderRole").stream()
                .filter(statement -> !statement.body().containsKey("Principal"))
                .flatMap(statement -> statement.actions().stream().map(action -> Map.entry(action, statement.resources())))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(resourcesByAction).isEqualTo(Map.of(
                "firehose:PutRecordBatch", List.of(Map.of("Fn::GetAtt", List.of("DeliveryStream", "Arn"))),
                // The placeholder, a secret no one can have made, only when XSecretArn is empty (forwarder off).
                "secretsmanager:GetSecretValue", List.of(Map.of("Fn::If", List.of("HasXSecret", Map.of("Ref", "XSecretArn"),
                        Map.of("Fn::Sub", "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:twt-x-unset-000000")))),
                "lambda:GetLayerVersion", List.of(Map.of("Ref", "ForwarderArtifact")),
                "cloudformation:SignalResource", List.of(Map.of("Ref", "AWS::StackId")),
                // The CloudWatch agent, to the forwarder's own group only; the metrics are EMF, in the log events.
                "logs:CreateLogStream", List.of(Map.of("Fn::GetAtt", List.of("ForwarderLogGroup", "Arn"))),
                "logs:PutLogEvents", List.of(Map.of("Fn::GetAtt", List.of("ForwarderLogGroup", "Arn"))),
                "logs:DescribeLogStreams", List.of(Map.of("Fn::GetAtt", List.of("ForwarderLogGroup", "Arn"))),
                // Only its own prefix of the data bucket, inside raw/ (Validate's), never Firehose's objects.
                "s3:PutObject", List.of(Map.of("Fn::Sub", List.of("arn:${AWS::Partition}:s3:::" + bucketNameExpression() + "/raw/dead-letter/*",
                        Map.of("StackUuid", TemplateStructureTest.STACK_UUID))))));
    }

    @Test
    void theSnowflakeFunctionsMayReadOnlyTheSnowflakeSecret() {
        for (String function : List.of("RefreshFunction", "BootstrapFunction")) {
            List<PolicyCheck.Statement> secrets = statementsOf(roleOf(function)).stream()
                    .filter(statement -> statement.actions().stream().anyMatch(action -> String.valueOf(action).startsWith("secretsmanager:"))).toList();
            assertThat(secrets).as(function).singleElement().satisfies(statement -> {
                assertThat(statement.actions()).containsExactly("secretsmanager:GetSecretValue");
                assertThat(statement.resources()).containsExactly(Map.of("Ref", "SnowflakeSecretArn"));
            });
            assertThat(TEMPLATE.environment(function)).containsEntry("SNOWFLAKE_SECRET_ARN", Map.of("Ref", "SnowflakeSecretArn"));
        }
        assertThat(statementsOf(roleOf("ValidateFunction"))).noneSatisfy(statement ->
                assertThat(statement.actions()).anySatisfy(action -> assertThat(String.valueOf(action)).startsWith("secretsmanager:")));
    }

    /**
     * Each function runs as a role of its own, written in the template: SAM's generated roles attach
     * AWSLambdaBasicExecutionRole (logs on every group of the account). Given a Role, SAM adds
     * nothing, so the role must itself allow what the function's settings need: writing to its own
     * log group only, X-Ray (Tracing: Active), and its dead-letter queue where it has one.
     */
    @Test
    void eachFunctionRunsAsItsOwnRoleThatLogsOnlyToItsOwnGroup() {
        Set<String> roles = new HashSet<>();
        for (String function : TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).keySet()) {
            String role = roleOf(function);
            assertThat(roles.add(role)).as("%s's role %s is its own", function, role).isTrue();
            // SAM ignores Policies when a Role is given: grants must be in the role.
            assertThat(TEMPLATE.properties(function)).as(function).doesNotContainKey("Policies");
            assertThat(statementsOf(role).stream().filter(statement -> statement.body().containsKey("Principal")))
                    .singleElement().satisfies(trust -> {
                        assertThat(trust.body().get("Principal")).isEqualTo(Map.of("Service", "lambda.amazonaws.com"));
                        assertThat(trust.actions()).containsExactly("sts:AssumeRole");
                    });
            Map<Object, List<Object>> grants = resourcesByAction(role);
            Object logGroup = Template.map(TEMPLATE.properties(function).get("LoggingConfig"), function).get("LogGroup");
            Object ownGroup = Map.of("Fn::GetAtt", List.of(Template.map(logGroup, function).get("Ref"), "Arn"));
            assertThat(grants.get("logs:CreateLogStream")).as(function).containsExactly(ownGroup);
            assertThat(grants.get("logs:PutLogEvents")).as(function).containsExactly(ownGroup);
            assertThat(grants).as(function).doesNotContainKey("logs:CreateLogGroup");
            if ("Active".equals(TEMPLATE.functionProperty(function, "Tracing"))) {
                assertThat(grants.get("xray:PutTraceSegments")).as(function).containsExactly("*");
                assertThat(grants.get("xray:PutTelemetryRecords")).as(function).containsExactly("*");
            }
            Object deadLetterQueue = TEMPLATE.properties(function).get("DeadLetterQueue");
            if (deadLetterQueue != null) {
                assertThat(Template.map(deadLetterQueue, function).get("Type")).isEqualTo("SQS");
                assertThat(grants.get("sqs:SendMessage")).as(function).containsExactly(Template.map(deadLetterQueue, function).get("TargetArn"));
            } else {
                assertThat(grants).as(function).doesNotContainKey("sqs:SendMessage");
            }
        }
        assertThat(roles).hasSize(4);
    }

    /** SAM's S3 event allows S3 to invoke Validate for any bucket of the account; this permission names the data bucket. */
    @Test
    void s3MayInvokeValidateOnlyForTheDataBucket() {
        Map<String, Map<String, Object>> permissions = TEMPLATE.resourcesOfType("AWS::Lambda::Permission");
        assertThat(permissions).containsOnlyKeys("ValidateInvokePermission");
        Map<String, Object> permission = permissions.get("ValidateInvokePermission");
        assertThat(permission).containsEntry("Action", "lambda:InvokeFunction").containsEntry("Principal", "s3.amazonaws.com")
                .containsEntry("SourceAccount", Map.of("Ref", "AWS::AccountId"))
                .containsEntry("FunctionName", TemplateStructureTest.validateNotification().get("Function"));
        assertThat(subText(permission.get("SourceArn"))).isEqualTo("arn:${AWS::Partition}:s3:::" + bucketNameExpression());
        // S3 checks the permission when the notification is set.
        assertThat(Template.oneOrMany(TEMPLATE.resource("DataBucket").get("DependsOn"))).contains("ValidateInvokePermission");
    }

    /** Scheduler assumes the schedule's role only for this account's schedules, and may only invoke Refresh and dead-letter. */
    @Test
    void theRefreshScheduleRoleTrustsSchedulerOnlyForThisAccountAndOnlyInvokesRefresh() {
        Map<String, Object> events = Template.map(TEMPLATE.properties("RefreshFunction").get("Events"), "RefreshFunction/Events");
        Map<String, Object> schedule = Template.map(Template.map(events.values().iterator().next(), "schedule").get("Properties"), "schedule");
        assertThat(schedule.get("RoleArn")).isEqualTo(Map.of("Fn::GetAtt", List.of("RefreshScheduleRole", "Arn")));
        assertThat(statementsOf("RefreshScheduleRole").stream().filter(statement -> statement.body().containsKey("Principal")))
                .singleElement().satisfies(trust -> {
                    assertThat(trust.body().get("Principal")).isEqualTo(Map.of("Service", "scheduler.amazonaws.com"));
                    assertThat(trust.body().get("Condition")).isEqualTo(Map.of("StringEquals",
                            Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"))));
                });
        assertThat(resourcesByAction("RefreshScheduleRole")).isEqualTo(Map.of(
                "lambda:InvokeFunction", List.of(Map.of("Ref", "RefreshFunction.Alias")),
                "sqs:SendMessage", List.of(Template.map(schedule.get("DeadLetterConfig"), "DeadLetterConfig").get("Arn"))));
    }

    /** The role a function runs as: {@code Role: !GetAtt R.Arn} of an IAM role in the template. */
    private static String roleOf(String function) {
        Object role = TEMPLATE.properties(function).get("Role");
        assertThat(role).as("%s's Role", function).isInstanceOf(Map.class);
        List<Object> getAtt = Template.list(Template.map(role, function + "/Role").get("Fn::GetAtt"), function + "/Role");
        assertThat(getAtt.get(1)).isEqualTo("Arn");
        String id = (String) getAtt.get(0);
        assertThat(TEMPLATE.type(id)).as("%s's role %s", function, id).isEqualTo("AWS::IAM::Role");
        return id;
    }

    /** A role's granted actions, each with the resources it is granted on (merged over statements). */
    private static Map<Object, List<Object>> resourcesByAction(String role) {
        Map<Object, List<Object>> byAction = new LinkedHashMap<>();
        for (PolicyCheck.Statement statement : statementsOf(role)) {
            if (!statement.body().containsKey("Principal")) {
                for (Object action : statement.actions()) {
                    byAction.computeIfAbsent(action, a -> new ArrayList<>()).addAll(statement.resources());
                }
            }
        }
        return byAction;
    }

    /** The bucket's computed name, the same wherever it is needed before the bucket exists. */
    private static String bucketNameExpression() {
        String name = subText(TEMPLATE.properties("DataBucket").get("BucketName"));
        assertThat(subText(TEMPLATE.properties("SnowflakeObjects").get("BucketName"))).isEqualTo(name);
        return name;
    }

    private static List<PolicyCheck.Statement> statementsOf(String resource) {
        List<PolicyCheck.Statement> statements = PolicyCheck.statements(TEMPLATE).stream()
                .filter(statement -> statement.where().startsWith("Resources/" + resource + "/"))
                .toList();
        assertThat(statements).as("statements of %s", resource).isNotEmpty();
        return statements;
    }

    private static Set<Object> actionsOf(List<PolicyCheck.Statement> statements) {
        return statements.stream().flatMap(statement -> statement.actions().stream()).collect(Collectors.toSet());
    }

    /** The text of a Fn::Sub; in the two-argument form its only variable must be the stack id's UUID. */
    private static String subText(Object value) {
        Object sub = Template.map(value, "a Fn::Sub").get("Fn::Sub");
        if (sub instanceof String text) {
            return text;
        }
        List<Object> textAndVariables = Template.list(sub, "Fn::Sub");
        assertThat(textAndVariables.get(1)).as("the variables of %s", textAndVariables.get(0))
                .isEqualTo(Map.of("StackUuid", TemplateStructureTest.STACK_UUID));
        return (String) textAndVariables.get(0);
    }
}
