package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a first {@code sam deploy} into a fresh account needs of template.yaml beyond its names resolving. */
class DeployReadinessTest {

    private static final Template TEMPLATE = Repository.template();

    @Test
    void theDescriptionSaysHowToBuildAndDeploy() {
        String description = (String) TEMPLATE.root().get("Description");
        assertThat(description).contains("`sam build`", "`mvn -B package -DskipTests`", "`sam deploy --guided`")
                .doesNotContain("no `sam build`");
    }

    /**
     * A parameter that may be left empty is used (as a Ref) only where a condition says it is set:
     * an empty ARN or id is not a value CloudFormation or IAM accept (cfn-lint W1030).
     */
    @Test
    void anOptionalParameterIsUsedOnlyWhereAConditionSaysItIsSet() {
        assertThat(optionalParameterProblems(TEMPLATE)).isEmpty();
    }

    @Test
    void theOptionalParameterCheckFindsAnUnguardedUse() {
        Template template = new Template(CloudFormationYaml.parse("""
                Parameters:
                  Arn: {Type: String, Default: ''}
                  Id: {Type: String, Default: ''}
                Conditions:
                  HasArn: !Not [!Equals [!Ref Arn, '']]
                  HasId: !Not [!Equals [!Ref Id, '']]
                  HasBoth: !And [!Condition HasArn, !Not [!Equals [!Ref Id, '']]]
                Resources:
                  Guarded:
                    Type: AWS::SQS::Queue
                    Properties:
                      A: !If [HasArn, !Ref Arn, x]
                  ByResource:
                    Type: AWS::SQS::Queue
                    Condition: HasId
                    Properties:
                      A: !Ref Id
                  ByConjunction:
                    Type: AWS::SQS::Queue
                    Condition: HasBoth
                    Properties:
                      A: !Ref Arn
                      B: !Ref Id
                  WrongCondition:
                    Type: AWS::SQS::Queue
                    Properties:
                      A: !If [HasId, !Ref Arn, x]
                      B: !If [HasArn, x, !Ref Arn]
                """));
        assertThat(optionalParameterProblems(template)).containsExactly(
                "Resources/WrongCondition/Properties/A/Fn::If/1: Ref Arn without a condition that Arn is set",
                "Resources/WrongCondition/Properties/B/Fn::If/2: Ref Arn without a condition that Arn is set");
    }

    /** Linting is clean without exceptions: no resource tells cfn-lint to skip a check. */
    @Test
    void noResourceSilencesACfnLintCheck() {
        TEMPLATE.resources().forEach((id, body) -> {
            Object metadata = Template.map(body, id).get("Metadata");
            if (metadata != null) {
                assertThat(Template.map(metadata, id + "/Metadata")).as("%s's Metadata", id).doesNotContainKey("cfn-lint");
            }
        });
    }

    /**
     * Reserving concurrency fails in an account whose concurrency quota is 100 or less (Lambda keeps
     * 100 unreserved): by default Refresh reserves none, and 1 (one run at a time) is a choice.
     */
    @Test
    void refreshReservesConcurrencyOnlyWhenAskedTo() {
        Map<String, Object> parameter = Template.map(TEMPLATE.parameters().get("RefreshReservedConcurrency"), "RefreshReservedConcurrency");
        assertThat(parameter.get("Type")).isEqualTo("Number");
        assertThat(parameter.get("Default")).isEqualTo(0);
        assertThat(parameter.get("AllowedValues")).isEqualTo(List.of(0, 1));
        assertThat((String) parameter.get("Description")).contains("100");
        assertThat(TEMPLATE.properties("RefreshFunction").get("ReservedConcurrentExecutions")).isEqualTo(Map.of("Fn::If", List.of(
                "HasRefreshReservedConcurrency", Map.of("Ref", "RefreshReservedConcurrency"), Map.of("Ref", "AWS::NoValue"))));
        // Parameters are strings to Fn::Equals.
        assertThat(TEMPLATE.conditions().get("HasRefreshReservedConcurrency")).isEqualTo(Map.of("Fn::Not",
                List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "RefreshReservedConcurrency"), "0")))));
    }

    /** The TLS-only policy stays with the retained bucket: after {@code sam delete} the data is still refused over plain HTTP. */
    @Test
    void theBucketPolicyIsKeptWheneverTheBucketIs() {
        Map<String, Object> bucket = TEMPLATE.resource("DataBucket");
        Map<String, Object> policy = TEMPLATE.resource("DataBucketPolicy");
        assertThat(bucket.get("DeletionPolicy")).isEqualTo("RetainExceptOnCreate");
        assertThat(policy.get("DeletionPolicy")).isEqualTo(bucket.get("DeletionPolicy"));
        assertThat(policy.get("UpdateReplacePolicy")).isEqualTo(bucket.get("UpdateReplacePolicy")).isEqualTo("Retain");
    }

    /**
     * CloudFormation waits an hour for a custom resource that never answers (an init crash) unless
     * told otherwise; it must still wait at least as long as Bootstrap may run.
     */
    @Test
    void snowflakeObjectsTimesOutWithinMinutesButNotBeforeBootstrapCanAnswer() {
        Object timeout = TEMPLATE.properties("SnowflakeObjects").get("ServiceTimeout");
        assertThat(timeout).isInstanceOf(Integer.class);
        int functionTimeout = (Integer) TEMPLATE.functionProperty("BootstrapFunction", "Timeout");
        assertThat((Integer) timeout).isGreaterThanOrEqualTo(functionTimeout).isLessThanOrEqualTo(600);
        assertThat(TEMPLATE.properties("SnowflakeObjects").get("ServiceToken")).isEqualTo(Map.of("Ref", "BootstrapFunction.Alias"));
    }

    /**
     * A region without a default VPC needs ForwarderVpcId and ForwarderSubnetId: the parameters
     * and the rule say so (a rule cannot see whether the region has a default VPC).
     */
    @Test
    void theForwarderNetworkParametersSayARegionWithoutADefaultVpcNeedsThem() {
        for (String name : List.of("ForwarderVpcId", "ForwarderSubnetId")) {
            String description = (String) Template.map(TEMPLATE.parameters().get(name), name).get("Description");
            assertThat(description).as("%s's description", name).containsIgnoringCase("required")
                    .containsIgnoringCase("when the region has no default VPC");
        }
        Map<String, Object> rule = Template.map(TEMPLATE.section("Rules").get("SubnetComesWithItsVpc"), "SubnetComesWithItsVpc");
        Object assertion = Template.list(rule.get("Assertions"), "Assertions").get(0);
        assertThat((String) Template.map(assertion, "assertion").get("AssertDescription"))
                .contains("ForwarderSubnetId", "ForwarderVpcId").containsIgnoringCase("without one needs both");
    }

    /** Parameters whose default is empty, each used by Ref outside a condition {@code !Not [!Equals [!Ref P, '']]}. */
    private static List<String> optionalParameterProblems(Template template) {
        Set<String> optional = new HashSet<>();
        template.parameters().forEach((name, body) -> {
            if ("".equals(Template.map(body, name).get("Default"))) {
                optional.add(name);
            }
        });
        List<String> problems = new ArrayList<>();
        template.resources().forEach((id, body) -> {
            Set<String> set = new HashSet<>();
            if (Template.map(body, id).get("Condition") instanceof String condition) {
                set.addAll(parametersSetBy(template, condition));
            }
            walk(template, Template.map(body, id).get("Properties"), "Resources/" + id + "/Properties", optional, set, problems);
        });
        return problems;
    }

    private static void walk(Template template, Object value, String where, Set<String> optional, Set<String> set, List<String> problems) {
        String intrinsic = Template.intrinsic(value);
        if ("Ref".equals(intrinsic)) {
            String name = String.valueOf(((Map<?, ?>) value).get("Ref"));
            if (optional.contains(name) && !set.contains(name)) {
                problems.add(where + ": Ref " + name + " without a condition that " + name + " is set");
            }
            return;
        }
        if ("Fn::If".equals(intrinsic)) {
            List<Object> parts = Template.list(((Map<?, ?>) value).get("Fn::If"), where);
            Set<String> whenTrue = new HashSet<>(set);
            whenTrue.addAll(parametersSetBy(template, String.valueOf(parts.get(0))));
            walk(template, parts.get(1), where + "/Fn::If/1", optional, whenTrue, problems);
            walk(template, parts.get(2), where + "/Fn::If/2", optional, set, problems);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> walk(template, child, where + "/" + key, optional, set, problems));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(template, list.get(i), where + "/" + i, optional, set, problems);
            }
        }
    }

    /**
     * The parameters a condition says are set: P for {@code !Not [!Equals [!Ref P, '']]}, and for
     * {@code !And [...]} those of each operand (a condition named with {@code !Condition}, or that form).
     */
    private static Set<String> parametersSetBy(Template template, String condition) {
        return parametersSetBy(template, template.conditions().get(condition), condition);
    }

    private static Set<String> parametersSetBy(Template template, Object definition, String where) {
        if (definition instanceof Map<?, ?> named && named.size() == 1 && named.get("Condition") instanceof String condition) {
            return parametersSetBy(template, condition);
        }
        if (Template.intrinsic(definition) == null) {
            return Set.of();
        }
        Map<?, ?> function = (Map<?, ?>) definition;
        if (function.containsKey("Fn::And")) {
            Set<String> set = new HashSet<>();
            for (Object operand : Template.list(function.get("Fn::And"), where)) {
                set.addAll(parametersSetBy(template, operand, where));
            }
            return set;
        }
        if (!function.containsKey("Fn::Not")) {
            return Set.of();
        }
        Object equals = Template.list(function.get("Fn::Not"), where).get(0);
        if (!(equals instanceof Map<?, ?> e) || !(e.get("Fn::Equals") instanceof List<?> operands) || operands.size() != 2) {
            return Set.of();
        }
        if (operands.get(0) instanceof Map<?, ?> ref && ref.get("Ref") instanceof String name && "".equals(operands.get(1))) {
            return Set.of(name);
        }
        return Set.of();
    }
}
