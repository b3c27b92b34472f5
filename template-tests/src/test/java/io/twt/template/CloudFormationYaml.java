package io.twt.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation YAML template into plain maps, lists and scalars, with every short-form
 * tag turned into its long form: {@code !Ref X} is {@code {Ref: X}}, {@code !Sub s} is
 * {@code {Fn::Sub: s}}, {@code !GetAtt A.B} is {@code {Fn::GetAtt: [A, B]}}, {@code !Condition C}
 * is {@code {Condition: C}}, and so on.
 */
final class CloudFormationYaml {

    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "Equals", "FindInMap", "GetAZs",
            "If", "ImportValue", "Join", "Not", "And", "Or", "Select", "Split", "Sub", "Transform");

    private CloudFormationYaml() {
    }

    static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader);
        }
    }

    static Map<String, Object> parse(String text) {
        return parse(new java.io.StringReader(text));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new Constructor(options)).load(reader);
        if (!(document instanceof Map)) {
            throw new IllegalArgumentException("a template is a mapping, not " + document);
        }
        return (Map<String, Object>) document;
    }

    private static final class Constructor extends SafeConstructor {

        Constructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            for (String function : FUNCTIONS) {
                yamlConstructors.put(new Tag("!" + function), new LongForm("Fn::" + function));
            }
        }

        private Object plain(Node node) {
            if (node instanceof ScalarNode scalar) {
                return constructScalar(scalar);
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            return constructMapping((MappingNode) node);
        }

        private final class LongForm extends AbstractConstruct {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                return Map.of(key, plain(node));
            }
        }

        /** {@code !GetAtt Resource.Attribute} splits at the first dot; the list form is kept. */
        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object value = plain(node);
                if (value instanceof String text) {
                    int dot = text.indexOf('.');
                    if (dot < 1) {
                        throw new IllegalArgumentException("!GetAtt " + text + " has no attribute");
                    }
                    value = List.of(text.substring(0, dot), text.substring(dot + 1));
                }
                return Map.of("Fn::GetAtt", value);
            }
        }
    }
}
