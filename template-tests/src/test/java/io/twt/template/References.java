package io.twt.template;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every name a template uses (Ref, Fn::GetAtt, the variables of Fn::Sub in both forms,
 * conditions, DependsOn) and whether it resolves: to a parameter, a resource (with an attribute
 * that resource type has), a condition, a pseudo-parameter, or one of the few names SAM generates.
 */
final class References {

    enum Kind { REF, GET_ATT, CONDITION, DEPENDS_ON }

    record Use(Kind kind, String name, String attribute, String where) {
        @Override
        public String toString() {
            String what = switch (kind) {
                case REF -> "Ref " + name;
                case GET_ATT -> "GetAtt " + name + "." + attribute;
                case CONDITION -> "condition " + name;
                case DEPENDS_ON -> "DependsOn " + name;
            };
            return what + " at " + where;
        }
    }

    static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    /** The attributes Fn::GetAtt may read, per resource type this project uses. A new type must be added here. */
    static final Map<String, Set<String>> ATTRIBUTES = Map.ofEntries(
            Map.entry("AWS::S3::Bucket", Set.of("Arn", "DomainName", "DualStackDomainName", "RegionalDomainName", "WebsiteURL")),
            Map.entry("AWS::SQS::Queue", Set.of("Arn", "QueueName", "QueueUrl")),
            Map.entry("AWS::IAM::Role", Set.of("Arn", "RoleId")),
            Map.entry("AWS::IAM::InstanceProfile", Set.of("Arn")),
            Map.entry("AWS::EC2::SecurityGroup", Set.of("GroupId", "VpcId")),
            Map.entry("AWS::EC2::LaunchTemplate", Set.of("DefaultVersionNumber", "LatestVersionNumber", "LaunchTemplateId")),
            Map.entry("AWS::EC2::Instance", Set.of("AvailabilityZone", "InstanceId", "PrivateDnsName", "PrivateIp", "PublicDnsName", "PublicIp")),
            Map.entry("AWS::KinesisFirehose::DeliveryStream", Set.of("Arn")),
            Map.entry("AWS::Logs::LogGroup", Set.of("Arn")),
            Map.entry("AWS::SNS::Topic", Set.of("TopicArn", "TopicName")),
            Map.entry(Template.SERVERLESS_FUNCTION, Set.of("Arn")),
            // The Bootstrap function's response data (the custom resource contract).
            Map.entry("Custom::SnowflakeObjects", Set.of("StorageAwsIamUserArn", "StorageAwsExternalId", "PipeNotificationChannel", "SchemaVersion")));

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private References() {
    }

    /** Every use in the template: parameters' rules, conditions, resources (with their Condition and DependsOn), outputs. */
    static List<Use> uses(Template template) {
        List<Use> uses = new ArrayList<>();
        for (String section : List.of("Rules", "Conditions", "Resources", "Outputs")) {
            template.section(section).forEach((id, body) -> {
                String where = section + "/" + id;
                if (body instanceof Map<?, ?> entry && !section.equals("Conditions")) {
                    if (entry.get("Condition") instanceof String condition) {
                        uses.add(new Use(Kind.CONDITION, condition, null, where + "/Condition"));
                    }
                    for (Object dependency : Template.oneOrMany(entry.get("DependsOn"))) {
                        uses.add(new Use(Kind.DEPENDS_ON, String.valueOf(dependency), null, where + "/DependsOn"));
                    }
                    entry.forEach((key, value) -> {
                        if (!"Condition".equals(key) && !"DependsOn".equals(key)) {
                            collect(value, where + "/" + key, uses);
                        }
                    });
                } else {
                    collect(body, where, uses);
                }
            });
        }
        collect(template.section("Globals"), "Globals", uses);
        return uses;
    }

    private static void collect(Object value, String where, List<Use> uses) {
        String intrinsic = Template.intrinsic(value);
        if (intrinsic != null) {
            Object argument = ((Map<?, ?>) value).get(intrinsic);
            switch (intrinsic) {
                case "Ref" -> {
                    uses.add(new Use(Kind.REF, String.valueOf(argument), null, where));
                    return;
                }
                case "Condition" -> {
                    uses.add(new Use(Kind.CONDITION, String.valueOf(argument), null, where));
                    return;
                }
                case "Fn::GetAtt" -> {
                    List<Object> parts = Template.list(argument, where + "/Fn::GetAtt");
                    uses.add(new Use(Kind.GET_ATT, String.valueOf(parts.get(0)), String.valueOf(parts.get(1)), where));
                    return;
                }
                case "Fn::If" -> {
                    List<Object> parts = Template.list(argument, where + "/Fn::If");
                    uses.add(new Use(Kind.CONDITION, String.valueOf(parts.get(0)), null, where + "/Fn::If"));
                    for (int i = 1; i < parts.size(); i++) {
                        collect(parts.get(i), where + "/Fn::If/" + i, uses);
                    }
                    return;
                }
                case "Fn::Sub" -> {
                    collectSub(argument, where + "/Fn::Sub", uses);
                    return;
                }
                default -> {
                    // Other functions: their arguments may hold intrinsics.
                }
            }
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, child) -> collect(child, where + "/" + key, uses));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), where + "/" + i, uses);
            }
        }
    }

    /** {@code !Sub "text"} or {@code !Sub ["text", {Var: value}]}: the map's names are local to the text. */
    private static void collectSub(Object argument, String where, List<Use> uses) {
        String text;
        Map<?, ?> locals = Map.of();
        if (argument instanceof String s) {
            text = s;
        } else {
            List<Object> parts = Template.list(argument, where);
            if (parts.size() != 2 || !(parts.get(0) instanceof String s)) {
                throw new AssertionError(where + " should be [text, {variables}]");
            }
            text = s;
            locals = Template.map(parts.get(1), where + "/1");
            locals.forEach((name, value) -> collect(value, where + "/1/" + name, uses));
        }
        Matcher variable = SUB_VARIABLE.matcher(text);
        while (variable.find()) {
            String name = variable.group(1).strip();
            if (name.startsWith("!") || locals.containsKey(name)) {
                continue; // ${!Literal} is text; a local is defined right there
            }
            int dot = name.indexOf('.');
            if (dot > 0 && !name.startsWith("AWS::")) {
                uses.add(new Use(Kind.GET_ATT, name.substring(0, dot), name.substring(dot + 1), where + " ${" + name + "}"));
            } else {
                uses.add(new Use(Kind.REF, name, null, where + " ${" + name + "}"));
            }
        }
    }

    /** The uses that resolve to nothing, each with the reason. */
    static List<String> unresolved(Template template) {
        Map<String, String> types = new HashMap<>();
        template.resources().keySet().forEach(id -> types.put(id, template.type(id)));
        List<String> problems = new ArrayList<>();
        for (Use use : uses(template)) {
            String problem = switch (use.kind()) {
                case REF -> template.parameters().containsKey(use.name()) || types.containsKey(use.name())
                        || PSEUDO_PARAMETERS.contains(use.name()) || samGeneratedRef(template, use.name())
                        ? null : "no parameter, resource or pseudo-parameter of that name";
                case GET_ATT -> getAttProblem(template, types, use);
                case CONDITION -> template.conditions().containsKey(use.name()) ? null : "no condition of that name";
                case DEPENDS_ON -> types.containsKey(use.name()) ? null : "no resource of that name";
            };
            if (problem != null) {
                problems.add(use + ": " + problem);
            }
        }
        return problems;
    }

    private static String getAttProblem(Template template, Map<String, String> types, Use use) {
        String type = types.get(use.name());
        if (type == null) {
            return samGeneratedRole(template, use.name()) && use.attribute().equals("Arn") ? null : "no resource of that name";
        }
        Set<String> attributes = ATTRIBUTES.get(type);
        if (attributes == null) {
            return "no known attributes for type " + type + " (add them to References.ATTRIBUTES)";
        }
        return attributes.contains(use.attribute()) ? null : type + " has no attribute " + use.attribute() + " (it has " + attributes + ")";
    }

    /**
     * The names SAM generates that a template may use: {@code F.Alias} and {@code F.Version} of a
     * function with AutoPublishAlias, and {@code FRole} of a function without its own Role.
     */
    private static boolean samGeneratedRef(Template template, String name) {
        int dot = name.indexOf('.');
        if (dot > 0) {
            String function = name.substring(0, dot);
            String suffix = name.substring(dot + 1);
            return (suffix.equals("Alias") || suffix.equals("Version")) && isServerlessFunction(template, function)
                    && template.functionProperty(function, "AutoPublishAlias") != null;
        }
        return samGeneratedRole(template, name);
    }

    private static boolean samGeneratedRole(Template template, String name) {
        if (!name.endsWith("Role")) {
            return false;
        }
        String function = name.substring(0, name.length() - "Role".length());
        return isServerlessFunction(template, function) && template.properties(function).get("Role") == null;
    }

    private static boolean isServerlessFunction(Template template, String id) {
        return template.resources().containsKey(id) && Template.SERVERLESS_FUNCTION.equals(template.type(id));
    }
}
