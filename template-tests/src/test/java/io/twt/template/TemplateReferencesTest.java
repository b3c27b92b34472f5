package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TemplateReferencesTest {

    private static final Template TEMPLATE = Repository.template();

    @Test
    void everyRefGetAttSubVariableConditionAndDependsOnResolves() {
        assertThat(References.uses(TEMPLATE)).hasSizeGreaterThan(100);
        assertThat(References.unresolved(TEMPLATE)).isEmpty();
    }

    @Test
    void everyParameterIsUsed() {
        Set<String> referenced = References.uses(TEMPLATE).stream()
                .filter(use -> use.kind() == References.Kind.REF)
                .map(References.Use::name)
                .collect(Collectors.toSet());
        assertThat(referenced).containsAll(TEMPLATE.parameters().keySet());
    }

    @Test
    void everyConditionIsUsed() {
        Set<String> used = References.uses(TEMPLATE).stream()
                .filter(use -> use.kind() == References.Kind.CONDITION)
                .map(References.Use::name)
                .collect(Collectors.toSet());
        assertThat(used).containsAll(TEMPLATE.conditions().keySet());
    }

    @Test
    void theCheckReportsEveryKindOfDanglingName() {
        Template broken = new Template(CloudFormationYaml.parse("""
                Parameters:
                  Known: {Type: String}
                Conditions:
                  Enabled: !Equals [!Ref Known, x]
                  Both: !And [!Condition Enabled, !Condition Gone]
                Resources:
                  Queue:
                    Type: AWS::SQS::Queue
                    Condition: Disabled
                    DependsOn: [Nothing]
                    Properties:
                      QueueName: !Sub '${Missing}-${Queue.Nope}-${AWS::Region}-${AWS::Nowhere}-${!Literal}-${Queue.Arn}'
                      Tags:
                        - Key: k
                          Value: !Sub ['${Local}-${Other}', {Local: !GetAtt Queue.QueueName}]
                        - Key: alias
                          Value: !Ref Queue.Alias
                Outputs:
                  Out:
                    Value: !GetAtt Ghost.Arn
                  Role:
                    Value: !GetAtt QueueRole.Arn
                """));
        List<String> problems = References.unresolved(broken);
        assertThat(problems).containsExactlyInAnyOrder(
                "condition Gone at Conditions/Both/Fn::And/1: no condition of that name",
                "condition Disabled at Resources/Queue/Condition: no condition of that name",
                "DependsOn Nothing at Resources/Queue/DependsOn: no resource of that name",
                "Ref Missing at Resources/Queue/Properties/QueueName/Fn::Sub ${Missing}: no parameter, resource or pseudo-parameter of that name",
                "GetAtt Queue.Nope at Resources/Queue/Properties/QueueName/Fn::Sub ${Queue.Nope}: AWS::SQS::Queue has no attribute Nope (it has "
                        + References.ATTRIBUTES.get("AWS::SQS::Queue") + ")",
                "Ref AWS::Nowhere at Resources/Queue/Properties/QueueName/Fn::Sub ${AWS::Nowhere}: no parameter, resource or pseudo-parameter of that name",
                "Ref Other at Resources/Queue/Properties/Tags/0/Value/Fn::Sub ${Other}: no parameter, resource or pseudo-parameter of that name",
                // .Alias and ...Role are SAM's names only for a serverless function.
                "Ref Queue.Alias at Resources/Queue/Properties/Tags/1/Value: no parameter, resource or pseudo-parameter of that name",
                "GetAtt Ghost.Arn at Outputs/Out/Value: no resource of that name",
                "GetAtt QueueRole.Arn at Outputs/Role/Value: no resource of that name");
    }

    @Test
    void samGeneratedNamesResolveOnlyWhereSamGeneratesThem() {
        Template template = new Template(CloudFormationYaml.parse("""
                Globals:
                  Function:
                    AutoPublishAlias: live
                Resources:
                  Fn:
                    Type: AWS::Serverless::Function
                  OwnRole:
                    Type: AWS::Serverless::Function
                    Properties:
                      Role: arn:aws:iam::123456789012:role/x
                Outputs:
                  A: {Value: !Ref Fn.Alias}
                  V: {Value: !Ref Fn.Version}
                  R: {Value: !GetAtt FnRole.Arn}
                  X: {Value: !GetAtt OwnRoleRole.Arn}
                  Y: {Value: !Ref Fn.Layer}
                """));
        assertThat(References.unresolved(template)).containsExactlyInAnyOrder(
                "GetAtt OwnRoleRole.Arn at Outputs/X/Value: no resource of that name",
                "Ref Fn.Layer at Outputs/Y/Value: no parameter, resource or pseudo-parameter of that name");
    }
}
