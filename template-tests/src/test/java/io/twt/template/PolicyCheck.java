package io.twt.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Least privilege, as far as a template shows it: every policy statement anywhere in it, and the
 * managed policies and SAM policy templates it attaches.
 */
final class PolicyCheck {

    record Statement(String where, Map<String, Object> body) {
        String effect() {
            return String.valueOf(body.get("Effect"));
        }

        List<Object> actions() {
            return Template.oneOrMany(body.get("Action"));
        }

        List<Object> resources() {
            return Template.oneOrMany(body.get("Resource"));
        }
    }

    /**
     * Actions that may have Resource "*", each because the service has no resource-level ARN for
     * it (the functions' roles use the X-Ray ones for Tracing: Active). A statement that needs one
     * must say why in a comment beside it, as here.
     */
    static final Map<String, String> STAR_RESOURCE_ALLOWED = Map.of(
            "xray:PutTraceSegments", "X-Ray has no resource-level permissions",
            "xray:PutTelemetryRecords", "X-Ray has no resource-level permissions",
            "cloudwatch:PutMetricData", "CloudWatch metrics have no ARNs (scope it with a cloudwatch:namespace condition)");

    /** AWS-managed policies a role may attach, and why. */
    static final Map<String, String> MANAGED_POLICIES_ALLOWED = Map.of(
            "AmazonSSMManagedInstanceCore", "Session Manager on the forwarder instance: the documented minimum, no inbound port needed");

    /** SAM policy templates a function may use, each with the parameter that names its one resource. */
    static final Map<String, String> SAM_POLICY_TEMPLATES_ALLOWED = Map.of(
            "AWSSecretsManagerGetSecretValuePolicy", "SecretArn");

    private PolicyCheck() {
    }

    /** Every map with a Statement list, wherever it is in the template (roles, bucket and queue policies, SAM Policies). */
    static List<Statement> statements(Template template) {
        List<Statement> found = new ArrayList<>();
        collect(template.section("Resources"), "Resources", found);
        return found;
    }

    private static void collect(Object value, String where, List<Statement> found) {
        if (value instanceof Map<?, ?> map) {
            if (map.get("Statement") instanceof List<?> statements) {
                for (int i = 0; i < statements.size(); i++) {
                    found.add(new Statement(where + "/Statement/" + i, Template.map(statements.get(i), where + "/Statement/" + i)));
                }
                return;
            }
            map.forEach((key, child) -> collect(child, where + "/" + key, found));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                collect(list.get(i), where + "/" + i, found);
            }
        }
    }

    static List<String> problems(Template template) {
        List<String> problems = new ArrayList<>();
        for (Statement statement : statements(template)) {
            problems.addAll(statementProblems(statement));
        }
        problems.addAll(attachedPolicyProblems(template));
        return problems;
    }

    private static List<String> statementProblems(Statement statement) {
        List<String> problems = new ArrayList<>();
        String where = statement.where();
        for (String forbidden : List.of("NotAction", "NotResource", "NotPrincipal")) {
            if (statement.body().containsKey(forbidden)) {
                problems.add(where + ": " + forbidden + " grants or exempts everything else");
            }
        }
        if (statement.actions().isEmpty()) {
            problems.add(where + ": no Action");
        }
        if (statement.effect().equals("Deny")) {
            // A Deny may name all of a service: it takes rights away. It must be targeted by a condition.
            if (!statement.body().containsKey("Condition")) {
                problems.add(where + ": a Deny without a Condition");
            }
            return problems;
        }
        if (!statement.effect().equals("Allow")) {
            problems.add(where + ": Effect is " + statement.effect());
            return problems;
        }
        if ("*".equals(statement.body().get("Principal")) || Template.oneOrMany(principalAws(statement)).contains("*")) {
            problems.add(where + ": allows any principal");
        }
        if (principalAws(statement) != null && !String.valueOf(statement.body().get("Condition")).contains("sts:ExternalId=")) {
            problems.add(where + ": trusts an AWS principal without an sts:ExternalId condition");
        }
        for (Object action : statement.actions()) {
            if (!(action instanceof String name) || name.contains("*") || !name.matches("[a-z0-9-]+:[A-Za-z0-9]+")) {
                problems.add(where + ": action " + action + " is not one named action");
            }
        }
        boolean trustPolicy = statement.body().containsKey("Principal");
        if (!trustPolicy && statement.resources().isEmpty()) {
            problems.add(where + ": no Resource");
        }
        for (Object resource : statement.resources()) {
            problems.addAll(resourceProblems(where, resource, statement.actions()));
        }
        return problems;
    }

    private static Object principalAws(Statement statement) {
        return statement.body().get("Principal") instanceof Map<?, ?> principal ? principal.get("AWS") : null;
    }

    private static List<String> resourceProblems(String where, Object resource, List<Object> actions) {
        if ("Fn::If".equals(Template.intrinsic(resource))) {
            // Either branch may be the one deployed.
            List<Object> branches = Template.list(Template.map(resource, "Resource").get("Fn::If"), where + "/Fn::If");
            List<String> problems = new ArrayList<>();
            problems.addAll(resourceProblems(where, branches.get(1), actions));
            problems.addAll(resourceProblems(where, branches.get(2), actions));
            return problems;
        }
        if ("*".equals(resource)) {
            List<String> problems = new ArrayList<>();
            for (Object action : actions) {
                if (!STAR_RESOURCE_ALLOWED.containsKey(String.valueOf(action))) {
                    problems.add(where + ": Resource * for " + action + ", which can name its resource");
                }
            }
            return problems;
        }
        String text = resourceText(resource);
        if (text == null) {
            return List.of(); // Ref or GetAtt: one named resource
        }
        if (text.endsWith(":*") || text.contains(":*:")) {
            return List.of(where + ": " + text + " is a wildcard over a whole service, region or account");
        }
        // Object wildcards only under a named prefix: bucket/raw/*, never bucket/*.
        if (text.endsWith("/*") && !text.matches(".+/[A-Za-z0-9._-]+/\\*")) {
            return List.of(where + ": " + text + " reaches every object; name the prefix");
        }
        return List.of();
    }

    /** The text of a literal or Fn::Sub resource; null for Ref and GetAtt. */
    private static String resourceText(Object resource) {
        if (resource instanceof String text) {
            return text;
        }
        String intrinsic = Template.intrinsic(resource);
        Object argument = Template.map(resource, "Resource").get(intrinsic);
        if ("Fn::Sub".equals(intrinsic)) {
            return argument instanceof String text ? text : (String) Template.list(argument, "Fn::Sub").get(0);
        }
        return null;
    }

    private static List<String> attachedPolicyProblems(Template template) {
        List<String> problems = new ArrayList<>();
        template.resources().keySet().forEach(id -> {
            Map<String, Object> properties = template.properties(id);
            for (Object arn : Template.oneOrMany(properties.get("ManagedPolicyArns"))) {
                String text = resourceText(arn);
                String name = text == null ? String.valueOf(arn) : text.substring(text.lastIndexOf('/') + 1);
                if (!MANAGED_POLICIES_ALLOWED.containsKey(name)) {
                    problems.add(id + "/ManagedPolicyArns: " + name + " is not an allowed managed policy");
                }
            }
            if (Template.SERVERLESS_FUNCTION.equals(template.type(id))) {
                for (Object policy : Template.oneOrMany(properties.get("Policies"))) {
                    if (policy instanceof String name) {
                        problems.add(id + "/Policies: managed policy " + name + " (write the statements it needs)");
                    } else if (!Template.map(policy, id + "/Policies").containsKey("Statement")) {
                        problems.addAll(samTemplateProblems(id, Template.map(policy, id + "/Policies")));
                    }
                }
            }
        });
        return problems;
    }

    private static List<String> samTemplateProblems(String function, Map<String, Object> policy) {
        List<String> problems = new ArrayList<>();
        policy.forEach((name, parameters) -> {
            String parameter = SAM_POLICY_TEMPLATES_ALLOWED.get(name);
            if (parameter == null) {
                problems.add(function + "/Policies: SAM policy template " + name + " is not on the allow-list");
                return;
            }
            Object value = Template.map(parameters, function + "/Policies/" + name).get(parameter);
            if (value == null || "*".equals(value) || String.valueOf(value).contains("*")) {
                problems.add(function + "/Policies/" + name + ": " + parameter + " must name one resource, not " + value);
            }
        });
        return problems;
    }
}
