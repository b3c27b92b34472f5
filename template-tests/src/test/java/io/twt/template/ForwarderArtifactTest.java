package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder as the instance gets it: the artifact zip the template publishes, the user data
 * that installs it, and the configuration that user data writes, read by the forwarder's own
 * configuration class from the zipped jar.
 */
class ForwarderArtifactTest {

    private static final Template TEMPLATE = Repository.template();
    private static final String JAR = "target/twt-forwarder.jar";
    private static final String INSTALL = "deploy/install.sh";
    /** Where the unit appends the forwarder's output and the CloudWatch agent reads it. */
    static final String FORWARDER_LOG = "/var/log/twt-forwarder/forwarder.log";
    private static final String CONFIG_HEREDOC_START = "tee /etc/twt-forwarder/forwarder.properties >/dev/null <<'EOF'\n";

    @TempDir
    Path temp;

    private static Path artifact() {
        return BuildOutputs.builtFile((String) TEMPLATE.properties("ForwarderArtifact").get("ContentUri"), "ForwarderArtifact/ContentUri");
    }

    /** The text of the user data's Fn::Sub and its variables. */
    static List<Object> userDataSub() {
        Map<String, Object> data = Template.map(TEMPLATE.properties("ForwarderLaunchTemplate").get("LaunchTemplateData"), "LaunchTemplateData");
        Map<String, Object> base64 = Template.map(data.get("UserData"), "UserData");
        Map<String, Object> sub = Template.map(base64.get("Fn::Base64"), "UserData/Fn::Base64");
        return Template.list(sub.get("Fn::Sub"), "UserData/Fn::Base64/Fn::Sub");
    }

    private static String userData() {
        return (String) userDataSub().get(0);
    }

    @Test
    void theArtifactHoldsTheRunnableJarAndTheDeployFiles() throws IOException {
        Path zip = artifact();
        assertThat(BuildOutputs.entryNames(zip))
                .contains(JAR, INSTALL, "deploy/twt-forwarder.service", "deploy/forwarder.properties");
        Path jar = BuildOutputs.extractEntry(zip, JAR, temp);
        try (JarFile file = new JarFile(jar.toFile())) {
            String mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
            assertThat(mainClass).isNotBlank();
            assertThat(file.getEntry(mainClass.replace('.', '/') + ".class")).as("Main-Class %s in the jar", mainClass).isNotNull();
        }
    }

    /** The CloudWatch agent reads files, not the journal: the forwarder's output and log go to the file it ships. */
    @Test
    void theUnitAppendsTheForwardersOutputAndLogToTheFileTheAgentShips() {
        String unit = BuildOutputs.entryText(artifact(), "deploy/twt-forwarder.service");
        assertThat(unit.lines()).contains("StandardOutput=append:" + FORWARDER_LOG, "StandardError=append:" + FORWARDER_LOG,
                "LogsDirectory=twt-forwarder");
        assertThat(BuildOutputs.entryText(artifact(), INSTALL)).contains("install -d -o twt -g twt -m 0755 /var/log/twt-forwarder\n");
        assertThat(userData()).contains("\"file_path\": \"" + FORWARDER_LOG + "\"");
    }

    @Test
    void theInstallScriptFindsTheJarWhereTheArtifactPutsIt() {
        Path zip = artifact();
        Matcher jarPath = Pattern.compile("jar=\"\\$here/([^\"]+)\"").matcher(BuildOutputs.entryText(zip, INSTALL));
        assertThat(jarPath.find()).as("install.sh names its jar as $here/...").isTrue();
        String resolved = Path.of("deploy").resolve(jarPath.group(1)).normalize().toString().replace('\\', '/');
        assertThat(resolved).isEqualTo(JAR);
        assertThat(BuildOutputs.entryNames(zip)).contains(resolved);
    }

    @Test
    void theUserDataFetchesThisStacksArtifactInstallsAJdkAndRunsTheInstallScript() {
        String script = userData();
        assertThat(script).startsWith("#!/bin/bash\n").contains("set -euo pipefail");
        assertThat(script).contains("dnf install -y java-21-amazon-corretto-headless");
        assertThat(script).contains("aws lambda get-layer-version-by-arn --region ${AWS::Region} --arn ${ArtifactArn} --query Content.Location");
        assertThat(Template.map(userDataSub().get(1), "UserData variables").get("ArtifactArn")).isEqualTo(Map.of("Ref", "ForwarderArtifact"));
        Matcher install = Pattern.compile("sh \"\\$artifact/([^\"]+)\"").matcher(script);
        assertThat(install.find()).as("the user data runs a script from the artifact").isTrue();
        assertThat(install.group(1)).isEqualTo(INSTALL);
        assertThat(script.indexOf(CONFIG_HEREDOC_START)).as("the configuration is written before install.sh starts the service")
                .isPositive().isLessThan(install.start());
    }

    @Test
    void theConfigurationTheInstanceWritesIsWhatTheForwarderReads() throws Exception {
        Map<String, String> values = new HashMap<>(Map.of(
                "AWS::Region", "eu-west-1",
                "XSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:twt/x-AbCdEf",
                "DeliveryStream", "twt-DeliveryStream-1ABC",
                "AWS::StackName", "prod-twt",
                "AWS::StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/twt/0b2f5c40-1234-11f0-8a6b-0affd1a2b3c4"));
        Object config = forwarderConfig(values);
        // The Stack dimension of its metrics, which the stack's alarms name.
        assertThat(call(config, "metricsStack")).isEqualTo("prod-twt");
        assertThat(call(config, "source").toString()).isEqualTo("STREAM");
        assertThat(call(config, "secretId")).isEqualTo(values.get("XSecretArn"));
        assertThat(call(config, "firehoseStream")).isEqualTo("twt-DeliveryStream-1ABC");
        assertThat(call(config, "region")).isEqualTo("eu-west-1");
        assertThat(call(config, "deadLetterPath").toString()).startsWith("/var/lib/twt-forwarder/");
        // Dead letters go to this stack's data bucket, under the prefix ForwarderRole may write and Validate reads.
        assertThat(call(config, "deadLetterBucket")).isEqualTo("twt-data-0b2f5c40-1234-11f0-8a6b-0affd1a2b3c4");
        assertThat(call(config, "deadLetterPrefix")).isEqualTo("raw/dead-letter/");
        assertThat((String) call(config, "deadLetterPrefix")).startsWith(validateNotificationPrefix());
        // The default terms give the forwarder's own defaults, for both sources.
        assertThat(call(config, "rules")).isEqualTo(List.of(streamDefault("DEFAULT_RULE")));
        assertThat(call(config, "v1Track")).isEqualTo(List.of(streamDefault("DEFAULT_TRACK").split(",")));
        // The caps' parameter defaults are the forwarder's own; the budget's state stays on the instance's volume.
        assertThat(call(config, "xDailyPostCap")).isEqualTo(streamDefaultValue("DAILY_POST_CAP"));
        assertThat(call(config, "xMonthlyPostCap")).isEqualTo(streamDefaultValue("MONTHLY_POST_CAP"));
        assertThat(call(config, "xPostBudgetFile").toString()).isEqualTo("/var/lib/twt-forwarder/x-post-budget.json");

        values.put("TrackTerms", "bitcoin price,$ATOM,#web3");
        values.put("ForwarderSource", "stream-v1");
        Object custom = forwarderConfig(values);
        assertThat(call(custom, "source").toString()).isEqualTo("STREAM_V1");
        assertThat(call(custom, "rules")).isEqualTo(List.of("bitcoin price OR $ATOM OR #web3"));
        assertThat(call(custom, "v1Track")).isEqualTo(List.of("bitcoin price", "$ATOM", "#web3"));

        values.put("XDailyPostCap", "1000");
        values.put("XMonthlyPostCap", "25000");
        Object capped = forwarderConfig(values);
        assertThat(call(capped, "xDailyPostCap")).isEqualTo(1000L);
        assertThat(call(capped, "xMonthlyPostCap")).isEqualTo(25000L);
    }

    /** Terms like $UOS reach the file as written: the heredoc's delimiter is quoted, so the shell expands nothing. */
    @Test
    void theConfigurationHeredocIsQuotedSoTheShellLeavesDollarsAlone() {
        assertThat(configBody()).contains("\nv1.track=${TrackTerms}\n", "\nstream.rules=${StreamRule}\n");
    }

    /** The lines the user data writes to forwarder.properties, still with the template's ${...} variables. */
    private static String configBody() {
        String script = userData();
        int start = script.indexOf(CONFIG_HEREDOC_START);
        assertThat(start).as("the configuration is written with <<'EOF'").isNotNegative();
        start += CONFIG_HEREDOC_START.length();
        return script.substring(start, script.indexOf("\nEOF\n", start));
    }

    /** The properties the user data writes, with the template's expressions evaluated, loaded by ForwarderConfig from the zipped jar. */
    private Object forwarderConfig(Map<String, String> values) throws Exception {
        String body = configBody();
        Map<String, Object> locals = Template.map(userDataSub().get(1), "UserData variables");
        Matcher variable = Pattern.compile("\\$\\{([^}]+)}").matcher(body);
        StringBuilder text = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            Object expression = locals.containsKey(name) ? locals.get(name) : Map.of("Ref", name);
            variable.appendReplacement(text, Matcher.quoteReplacement(evaluate(expression, values)));
        }
        variable.appendTail(text);
        Properties properties = new Properties();
        properties.load(new StringReader(text.toString()));

        Path jar = BuildOutputs.extractEntry(artifact(), JAR, temp);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = Class.forName("io.twt.forwarder.config.ForwarderConfig", true, loader);
            Method load = type.getMethod("load", Properties.class, Map.class);
            return load.invoke(null, properties, Map.of());
        }
    }

    /** A text constant of the shared stream defaults, as the forwarder's jar holds them. */
    private String streamDefault(String field) throws Exception {
        return (String) streamDefaultValue(field);
    }

    /** A constant of the shared stream defaults, as the forwarder's jar holds them. */
    private Object streamDefaultValue(String field) throws Exception {
        Path jar = BuildOutputs.extractEntry(artifact(), JAR, temp);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            return Class.forName("io.twt.stream.StreamDefaults", true, loader).getField(field).get(null);
        }
    }

    /** Ref (a given value, else the parameter's default), Fn::Join, Fn::Split and Fn::Select: what the user data's variables use. */
    private static String evaluate(Object expression, Map<String, String> values) {
        return String.join("\n", evaluateList(expression, values));
    }

    private static List<String> evaluateList(Object expression, Map<String, String> values) {
        if (expression instanceof String text) {
            return List.of(text);
        }
        String intrinsic = Template.intrinsic(expression);
        Object argument = Template.map(expression, "expression").get(intrinsic);
        switch (String.valueOf(intrinsic)) {
            case "Ref" -> {
                String name = (String) argument;
                if (values.containsKey(name)) {
                    return List.of(values.get(name));
                }
                Object parameter = TEMPLATE.parameters().get(name);
                assertThat(parameter).as("a value for %s", name).isNotNull();
                return List.of(String.valueOf(Template.map(parameter, name).get("Default")));
            }
            case "Fn::Split" -> {
                List<Object> parts = Template.list(argument, "Fn::Split");
                return List.of(evaluate(parts.get(1), values).split(Pattern.quote((String) parts.get(0)), -1));
            }
            case "Fn::Select" -> {
                List<Object> parts = Template.list(argument, "Fn::Select");
                return List.of(evaluateList(parts.get(1), values).get(((Number) parts.get(0)).intValue()));
            }
            case "Fn::Join" -> {
                List<Object> parts = Template.list(argument, "Fn::Join");
                List<String> joined = new ArrayList<>();
                for (Object part : parts.get(1) instanceof List<?> list ? list : List.of(parts.get(1))) {
                    joined.addAll(evaluateList(part, values));
                }
                return List.of(String.join((String) parts.get(0), joined));
            }
            default -> throw new AssertionError("the test cannot evaluate " + expression);
        }
    }

    /** The key prefix of the data bucket's notification to the Validate function. */
    private static String validateNotificationPrefix() {
        Map<String, Object> notifications = Template.map(TEMPLATE.properties("DataBucket").get("NotificationConfiguration"), "NotificationConfiguration");
        Map<String, Object> validate = Template.map(Template.list(notifications.get("LambdaConfigurations"), "LambdaConfigurations").get(0), "LambdaConfiguration");
        Map<String, Object> key = Template.map(Template.map(validate.get("Filter"), "Filter").get("S3Key"), "S3Key");
        Map<String, Object> rule = Template.map(Template.list(key.get("Rules"), "Rules").get(0), "Rule");
        assertThat(rule.get("Name")).isEqualTo("prefix");
        return (String) rule.get("Value");
    }

    private static Object call(Object target, String accessor) throws ReflectiveOperationException {
        return target.getClass().getMethod(accessor).invoke(target);
    }

}
