package io.twt.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed template (long-form intrinsics) with the look-ups the tests need; each names what is missing. */
final class Template {

    static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    static final String SERVERLESS_LAYER = "AWS::Serverless::LayerVersion";

    private final Map<String, Object> root;

    Template(Map<String, Object> root) {
        this.root = root;
    }

    Map<String, Object> root() {
        return root;
    }

    Map<String, Object> section(String name) {
        Object value = root.get(name);
        return value == null ? Map.of() : map(value, name);
    }

    Map<String, Object> parameters() {
        return section("Parameters");
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    Map<String, Object> conditions() {
        return section("Conditions");
    }

    Map<String, Object> resource(String id) {
        Object value = resources().get(id);
        if (value == null) {
            throw new AssertionError("template.yaml has no resource " + id);
        }
        return map(value, "Resources/" + id);
    }

    String type(String id) {
        return (String) resource(id).get("Type");
    }

    Map<String, Object> properties(String id) {
        Object value = resource(id).get("Properties");
        return value == null ? Map.of() : map(value, "Resources/" + id + "/Properties");
    }

    /** Logical id → properties of every resource of this type, in template order. */
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        for (String id : resources().keySet()) {
            if (type.equals(type(id))) {
                found.put(id, properties(id));
            }
        }
        return found;
    }

    /** A function's property: its own, else the one in Globals/Function (SAM's merge for scalars). */
    Object functionProperty(String functionId, String name) {
        Object own = properties(functionId).get(name);
        if (own != null) {
            return own;
        }
        Map<String, Object> globals = section("Globals");
        Object function = globals.get("Function");
        return function == null ? null : map(function, "Globals/Function").get(name);
    }

    /** The logical ids of a function's layers ({@code Layers: [!Ref ...]}), in order. */
    List<String> layerIds(String functionId) {
        Object layers = properties(functionId).get("Layers");
        return layers == null ? List.of() : list(layers, functionId + "/Layers").stream()
                .map(layer -> (String) map(layer, functionId + "/Layers").get("Ref"))
                .toList();
    }

    /** A function's environment variables: Globals/Function's, overridden by its own (SAM's merge). */
    Map<String, Object> environment(String functionId) {
        Map<String, Object> merged = new LinkedHashMap<>();
        Object globalFunction = section("Globals").get("Function");
        if (globalFunction != null) {
            merged.putAll(variables(map(globalFunction, "Globals/Function").get("Environment"), "Globals/Function"));
        }
        merged.putAll(variables(properties(functionId).get("Environment"), functionId));
        return merged;
    }

    private static Map<String, Object> variables(Object environment, String where) {
        if (environment == null) {
            return Map.of();
        }
        Object variables = map(environment, where + "/Environment").get("Variables");
        return variables == null ? Map.of() : map(variables, where + "/Environment/Variables");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String where) {
        if (!(value instanceof Map)) {
            throw new AssertionError(where + " should be a mapping but is " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value, String where) {
        if (!(value instanceof List)) {
            throw new AssertionError(where + " should be a list but is " + value);
        }
        return (List<Object>) value;
    }

    /** A scalar or a list of them as a list (IAM's Action and Resource take both). */
    static List<Object> oneOrMany(Object value) {
        return value instanceof List<?> many ? List.copyOf(many) : value == null ? List.of() : List.of(value);
    }

    /** The single key of a long-form intrinsic ({@code Ref}, {@code Fn::Sub}…), or null for anything else. */
    static String intrinsic(Object value) {
        if (value instanceof Map<?, ?> m && m.size() == 1) {
            Object key = m.keySet().iterator().next();
            if (key instanceof String name && (name.equals("Ref") || name.equals("Condition") || name.startsWith("Fn::"))) {
                return name;
            }
        }
        return null;
    }
}
