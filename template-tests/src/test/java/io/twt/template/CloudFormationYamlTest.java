package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudFormationYamlTest {

    @Test
    void shortFormTagsBecomeTheirLongForms() {
        Map<String, Object> parsed = CloudFormationYaml.parse("""
                a: !Ref Bucket
                b: !GetAtt Role.Arn
                c: !GetAtt [Queue, QueueName]
                d: !Sub ['${X}-${AWS::Region}', {X: !Ref Name}]
                e: !If [Enabled, !Join [',', [!Select [0, !Split ['/', !Ref AWS::StackId]]]], !Ref AWS::NoValue]
                f: !And [!Condition Enabled, !Not [!Equals [!Ref P, '']], !Or [!Condition A, !Condition B]]
                g: !Base64 {Fn::Sub: x}
                h: !FindInMap [M, K, V]
                i: !ImportValue Exported
                j: !GetAZs ''
                k: !Cidr [!Ref Block, 4, 8]
                """);
        assertThat(parsed.get("a")).isEqualTo(Map.of("Ref", "Bucket"));
        assertThat(parsed.get("b")).isEqualTo(Map.of("Fn::GetAtt", List.of("Role", "Arn")));
        assertThat(parsed.get("c")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "QueueName")));
        assertThat(parsed.get("d")).isEqualTo(Map.of("Fn::Sub", List.of("${X}-${AWS::Region}", Map.of("X", Map.of("Ref", "Name")))));
        Object stackUuid = Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of("/", Map.of("Ref", "AWS::StackId")))));
        assertThat(parsed.get("e")).isEqualTo(Map.of("Fn::If", List.of("Enabled",
                Map.of("Fn::Join", List.of(",", List.of(stackUuid))), Map.of("Ref", "AWS::NoValue"))));
        assertThat(parsed.get("f")).isEqualTo(Map.of("Fn::And", List.of(Map.of("Condition", "Enabled"),
                Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "")))),
                Map.of("Fn::Or", List.of(Map.of("Condition", "A"), Map.of("Condition", "B"))))));
        assertThat(parsed.get("g")).isEqualTo(Map.of("Fn::Base64", Map.of("Fn::Sub", "x")));
        assertThat(parsed.get("h")).isEqualTo(Map.of("Fn::FindInMap", List.of("M", "K", "V")));
        assertThat(parsed.get("i")).isEqualTo(Map.of("Fn::ImportValue", "Exported"));
        assertThat(parsed.get("j")).isEqualTo(Map.of("Fn::GetAZs", ""));
        assertThat(parsed.get("k")).isEqualTo(Map.of("Fn::Cidr", List.of(Map.of("Ref", "Block"), 4, 8)));
    }

    @Test
    void aGetAttWithoutAttributeAndDuplicateKeysAreRejected() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("a: !GetAtt Role"))
                .hasStackTraceContaining("!GetAtt Role has no attribute");
        assertThatThrownBy(() -> CloudFormationYaml.parse("a: 1\na: 2"))
                .hasMessageContaining("found duplicate key a");
    }
}
