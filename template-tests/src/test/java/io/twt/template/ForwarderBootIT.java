package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder instance's first boot: the user data, as CloudFormation's Fn::Sub renders it, run
 * by bash with PATH holding only stubs. Every command the script runs is a stub that records its
 * arguments (an unknown command fails with 127), and the script writes files only through stubbed
 * commands, so nothing reaches the machine running the test, even as root.
 */
class ForwarderBootIT {

    private static final Template TEMPLATE = Repository.template();
    private static final String INSTANCE_ID = "i-0123456789abcdef0";
    private static final Map<String, String> SUB_VALUES = Map.ofEntries(
            Map.entry("AWS::Region", "eu-west-1"),
            Map.entry("AWS::StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/twt/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"),
            Map.entry("StackUuid", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9"),
            Map.entry("ArtifactArn", "arn:aws:lambda:eu-west-1:123456789012:layer:ForwarderArtifact:3"),
            Map.entry("ForwarderSource", "stream"),
            Map.entry("XSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:twt/x-AbCdEf"),
            Map.entry("DeliveryStream", "twt-DeliveryStream-1ABC"),
            Map.entry("StreamRule", "bitcoin OR ethereum"),
            Map.entry("TrackTerms", "bitcoin,ethereum"),
            Map.entry("XDailyPostCap", "64516"),
            Map.entry("XMonthlyPostCap", "2000000"),
            Map.entry("AWS::StackName", "twt"),
            Map.entry("ForwarderLogGroup", "/aws/twt/twt/forwarder"));
    private static final List<String> STUBBED = List.of("dnf", "aws", "curl", "unzip", "mktemp", "sh", "systemctl", "journalctl",
            "sleep", "dd", "chmod", "mkswap", "swapon", "tee", "install",
            "amazon-cloudwatch-agent-ctl", "tail");

    /** One stub for every command; what it does is chosen by the name it is called by and STUB_* variables. */
    private static final String STUB = """
            #!/bin/bash
            # Builtins only: PATH holds nothing but these stubs.
            name=${0##*/}
            printf '%s' "$name" >> "$STUB_ROOT/calls"
            for arg in "$@"; do printf ' %s' "$arg" >> "$STUB_ROOT/calls"; done
            printf '\\n' >> "$STUB_ROOT/calls"
            # fails COUNTER N: true for the first N calls (N=always: every call).
            fails() {
              local n=0 file="$STUB_ROOT/count-$1"
              [ -f "$file" ] && read -r n < "$file"
              n=$((n + 1))
              printf '%s\\n' "$n" > "$file"
              [ "$2" = always ] || [ "$n" -le "$2" ]
            }
            case "$name $1 $2" in
              "dnf "*) fails dnf "${STUB_DNF_FAILURES:-0}" && exit 1 ;;
              "aws lambda get-layer-version-by-arn") fails lambda "${STUB_LAMBDA_FAILURES:-0}" && exit 254
                echo "https://awslambda-eu-west-1-layers.s3.eu-west-1.amazonaws.com/snapshots/forwarder.zip?X-Amz-Signature=0f" ;;
              "aws cloudformation signal-resource") fails signal "${STUB_SIGNAL_FAILURES:-0}" && exit 255 ;;
              "aws "*) exit 2 ;;
              "curl "*)
                case "$*" in
                  *169.254.169.254/latest/api/token*) echo imds-token ;;
                  *169.254.169.254/latest/meta-data/instance-id*) echo "$STUB_INSTANCE_ID" ;;
                  *) fails download "${STUB_DOWNLOAD_FAILURES:-0}" && exit 22 ;;
                esac ;;
              "mktemp "*) echo "$STUB_ROOT/artifact" ;;
              "sh "*) exit "${STUB_INSTALL_EXIT:-0}" ;;
              "systemctl is-active"*) exit "${STUB_IS_ACTIVE_EXIT:-0}" ;;
              "systemctl show"*) echo "${STUB_RESTARTS:-0}" ;;
              "tee "*) while IFS= read -r line || [ -n "$line" ]; do :; done ;;
            esac
            exit 0
            """;

    private static final String DNF = "dnf install -y java-21-amazon-corretto-headless unzip amazon-cloudwatch-agent";

    @TempDir
    Path temp;

    @Test
    void theGroupWaitsForOneSignalFromItsInstancesOwnUserDataWithinFifteenMinutes() {
        assertThat(TEMPLATE.resourcesOfType("AWS::EC2::Instance")).isEmpty();
        Map<String, Object> signal = Template.map(
                Template.map(TEMPLATE.resource("ForwarderGroup").get("CreationPolicy"), "ForwarderGroup/CreationPolicy")
                        .get("ResourceSignal"), "ForwarderGroup/CreationPolicy/ResourceSignal");
        assertThat(signal.get("Count")).isEqualTo(1);
        assertThat(Duration.parse((String) signal.get("Timeout"))).isEqualTo(Duration.ofMinutes(15));
        assertThat(Template.map(TEMPLATE.properties("ForwarderGroup").get("LaunchTemplate"), "LaunchTemplate").get("LaunchTemplateId"))
                .isEqualTo(Map.of("Ref", "ForwarderLaunchTemplate"));

        Boot boot = new Boot().run();
        assertThat(boot.signal()).contains("--logical-resource-id ForwarderGroup ", "--stack-name " + SUB_VALUES.get("AWS::StackId") + " ");
    }

    /** The agent runs before install.sh starts the forwarder, so the first boot's log and the forwarder's first lines reach CloudWatch. */
    @Test
    void theCloudWatchAgentStartsWithTheTemplatesConfigurationBeforeTheForwarder() throws Exception {
        Boot boot = new Boot().run();

        String script = renderedUserData();
        Matcher agent = Pattern.compile("tee (\\S+) >/dev/null <<'AGENT'\n(.*?)\nAGENT\n", Pattern.DOTALL).matcher(script);
        assertThat(agent.find()).as("the user data writes the agent's configuration with a quoted heredoc").isTrue();
        String path = agent.group(1);
        assertThat(boot.calls).containsSubsequence(
                "dnf install -y java-21-amazon-corretto-headless unzip amazon-cloudwatch-agent",
                "tee " + path,
                "amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:" + path,
                "sh " + temp.resolve("artifact/deploy/install.sh"),
                boot.signal());

        JsonNode files = new ObjectMapper().readTree(agent.group(2)).path("logs").path("logs_collected").path("files").path("collect_list");
        Map<String, String> groupByFile = new HashMap<>();
        Map<String, String> streamByFile = new HashMap<>();
        for (JsonNode file : files) {
            groupByFile.put(file.path("file_path").asText(), file.path("log_group_name").asText());
            streamByFile.put(file.path("file_path").asText(), file.path("log_stream_name").asText());
            // The template sets the group's retention; the agent would need logs:PutRetentionPolicy.
            assertThat(file.has("retention_in_days")).isFalse();
        }
        assertThat(groupByFile).isEqualTo(Map.of(
                ForwarderArtifactTest.FORWARDER_LOG, SUB_VALUES.get("ForwarderLogGroup"),
                "/var/log/cloud-init-output.log", SUB_VALUES.get("ForwarderLogGroup")));
        assertThat(streamByFile).isEqualTo(Map.of(
                ForwarderArtifactTest.FORWARDER_LOG, "{instance_id}/forwarder",
                "/var/log/cloud-init-output.log", "{instance_id}/boot"));
    }

    /** systemd keeps forwarder.log open: a rotation that moved the file away would leave the forwarder writing to the old one. */
    @Test
    void theForwarderLogIsRotatedByCopyAndTruncate() {
        Matcher rotate = Pattern.compile("tee /etc/logrotate.d/twt-forwarder >/dev/null <<'ROTATE'\n(.*?)\nROTATE\n", Pattern.DOTALL)
                .matcher(renderedUserData());
        assertThat(rotate.find()).isTrue();
        assertThat(rotate.group(1)).startsWith(ForwarderArtifactTest.FORWARDER_LOG + " {").contains("\n    copytruncate\n", "\n    maxsize ");
        Boot boot = new Boot().run();
        assertThat(boot.calls).containsSubsequence("tee /etc/logrotate.d/twt-forwarder", "sh " + temp.resolve("artifact/deploy/install.sh"));
    }

    @Test
    void aBootThatSucceedsSignalsSuccessOnceAfterTheForwarderHasStayedUp() {
        Boot boot = new Boot().run();

        assertThat(boot.exitCode).as(boot.output).isZero();
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal)
                .startsWith("aws cloudformation signal-resource --region eu-west-1 ")
                .endsWith(" --unique-id " + INSTANCE_ID + " --status SUCCESS"));
        // In this order: install.sh starts the unit, 30 s pass, the unit is still active and never restarted, then the signal.
        assertThat(boot.calls).containsSubsequence(
                "sh " + temp.resolve("artifact/deploy/install.sh"),
                "sleep 30",
                "systemctl is-active --quiet twt-forwarder.service",
                "systemctl show --property NRestarts --value twt-forwarder.service",
                boot.signal());
        // The launch template requires IMDSv2: the instance id is read with a session token.
        assertThat(boot.calls).contains("curl -fsS --retry 3 -H X-aws-ec2-metadata-token: imds-token "
                + "http://169.254.169.254/latest/meta-data/instance-id");
    }

    @Test
    void dnfThatFailsTwiceIsRetriedWithGrowingPausesAndTheBootSucceeds() {
        Boot boot = new Boot().with("STUB_DNF_FAILURES", "2").run();

        assertThat(boot.callsOf("dnf ")).hasSize(3)
                .allSatisfy(call -> assertThat(call).isEqualTo(DNF));
        assertThat(boot.calls).containsSubsequence(DNF, "sleep 5", DNF, "sleep 10", DNF);
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal).endsWith(" --status SUCCESS"));
    }

    @Test
    void dnfThatAlwaysFailsSignalsFailureNamingTheStepAndStartsNoForwarder() {
        Boot boot = new Boot().with("STUB_DNF_FAILURES", "always").run();

        assertThat(boot.callsOf("dnf ")).hasSize(5);
        assertThat(boot.callsOf("sleep ")).containsExactly("sleep 5", "sleep 10", "sleep 20", "sleep 40");
        assertThat(boot.exitCode).isEqualTo(1);
        assertThat(boot.output).contains("FAILED while installing packages (dnf) (exit 1)");
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal)
                .endsWith(" --unique-id " + INSTANCE_ID + " --status FAILURE"));
        assertThat(boot.callsOf("aws lambda ")).isEmpty();
        assertThat(boot.callsOf("amazon-cloudwatch-agent-ctl ")).isEmpty();
        assertThat(boot.callsOf("sh ")).isEmpty();
        assertThat(boot.callsOf("systemctl ")).isEmpty();
    }

    @Test
    void anArtifactWhoseLocationCannotBeFetchedIsAskedForFiveTimesThenSignalsFailure() {
        Boot boot = new Boot().with("STUB_LAMBDA_FAILURES", "always").run();

        assertThat(boot.callsOf("aws lambda get-layer-version-by-arn --region eu-west-1 --arn " + SUB_VALUES.get("ArtifactArn") + " "))
                .hasSize(5);
        assertThat(boot.output).contains("FAILED while downloading the forwarder artifact");
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal).endsWith(" --status FAILURE"));
        assertThat(boot.callsOf("sh ")).isEmpty();
    }

    @Test
    void anArtifactDownloadThatFailsDespiteCurlsRetriesSignalsFailure() {
        Boot boot = new Boot().with("STUB_DOWNLOAD_FAILURES", "always").run();

        assertThat(boot.callsOf("curl ").stream().filter(call -> !call.contains("169.254.169.254")))
                .singleElement().satisfies(call -> assertThat(call)
                        .contains(" --retry 5 --retry-all-errors ", " -o " + temp.resolve("artifact/forwarder.zip") + " ")
                        .endsWith("X-Amz-Signature=0f"));
        assertThat(boot.exitCode).isEqualTo(22);
        assertThat(boot.output).contains("FAILED while downloading the forwarder artifact (exit 22)");
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal).endsWith(" --status FAILURE"));
        assertThat(boot.callsOf("sh ")).isEmpty();
    }

    @Test
    void anInstallScriptThatFailsSignalsFailureWithItsExitCode() {
        Boot boot = new Boot().with("STUB_INSTALL_EXIT", "3").run();

        assertThat(boot.exitCode).isEqualTo(3);
        assertThat(boot.output).contains("FAILED while running install.sh (exit 3)");
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal).endsWith(" --status FAILURE"));
        assertThat(boot.callsOf("systemctl ")).isEmpty();
    }

    @Test
    void aForwarderThatIsNotActiveAfterItsStartSignalsFailureAndLogsItsJournalAndItsLog() {
        Boot boot = new Boot().with("STUB_IS_ACTIVE_EXIT", "3").run();

        assertThat(boot.output).contains("FAILED while waiting for the forwarder to stay up (exit 1)");
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal).endsWith(" --status FAILURE"));
        assertThat(boot.calls).containsSubsequence("systemctl is-active --quiet twt-forwarder.service",
                "journalctl -u twt-forwarder.service --no-pager -n 50",
                "tail -n 50 " + ForwarderArtifactTest.FORWARDER_LOG, boot.signal());
    }

    @Test
    void aForwarderThatSystemdHadToRestartSignalsFailure() {
        Boot boot = new Boot().with("STUB_RESTARTS", "2").run();

        assertThat(boot.output).contains("FAILED while waiting for the forwarder to stay up (exit 1)");
        assertThat(boot.signals()).singleElement().satisfies(signal -> assertThat(signal).endsWith(" --status FAILURE"));
    }

    @Test
    void aSignalThatCloudFormationDoesNotTakeAtFirstIsSentAgain() {
        Boot boot = new Boot().with("STUB_SIGNAL_FAILURES", "1").run();

        assertThat(boot.signals()).hasSize(2).allSatisfy(signal -> assertThat(signal).endsWith(" --status SUCCESS"));
        assertThat(boot.exitCode).isZero();
    }

    /** The user data with Fn::Sub's variables replaced as CloudFormation would ({@code ${!x}} stays {@code ${x}}). */
    private static String renderedUserData() {
        List<Object> sub = ForwarderArtifactTest.userDataSub();
        Map<String, Object> locals = Template.map(sub.get(1), "UserData variables");
        Matcher variable = Pattern.compile("\\$\\{([^}]*)}").matcher((String) sub.get(0));
        StringBuilder script = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value;
            if (name.startsWith("!")) {
                value = "${" + name.substring(1) + "}";
            } else {
                // A name that is neither a template parameter, a resource, a pseudo parameter nor a local
                // variable fails the deploy; bash's own ${...} must be written ${!...}.
                assertThat(SUB_VALUES).as("a test value for ${%s}", name).containsKey(name);
                assertThat(name.startsWith("AWS::") || locals.containsKey(name) || TEMPLATE.parameters().containsKey(name)
                        || TEMPLATE.resources().containsKey(name)).as("${%s} names something in the template", name).isTrue();
                value = SUB_VALUES.get(name);
            }
            variable.appendReplacement(script, Matcher.quoteReplacement(value));
        }
        variable.appendTail(script);
        return script.toString();
    }

    /** One run of the user data with the stubs set up as chosen. */
    private final class Boot {
        private final Map<String, String> environment = new HashMap<>();
        int exitCode;
        String output;
        List<String> calls;

        Boot with(String name, String value) {
            environment.put(name, value);
            return this;
        }

        Boot run() {
            String script = renderedUserData();
            // Redirections cannot be stubbed: as root, one to /etc would really write there.
            Matcher redirect = Pattern.compile("(?<!<)>>?\\s*([^\\s;|)]+)").matcher(script);
            while (redirect.find()) {
                assertThat(redirect.group(1)).as("the user data redirects output to %s; write files with tee or install", redirect.group(1))
                        .isIn("/dev/null", "&2");
            }
            try {
                Path bin = Files.createDirectories(temp.resolve("bin"));
                Path stub = Files.writeString(bin.resolve("stub"), STUB, StandardCharsets.UTF_8);
                stub.toFile().setExecutable(true);
                for (String command : STUBBED) {
                    Files.createSymbolicLink(bin.resolve(command), stub);
                }
                Path userData = Files.writeString(temp.resolve("user-data"), script, StandardCharsets.UTF_8);
                Files.writeString(temp.resolve("calls"), "");

                ProcessBuilder builder = new ProcessBuilder(bash(), userData.toString()).directory(temp.toFile()).redirectErrorStream(true);
                builder.environment().clear();
                builder.environment().putAll(environment);
                builder.environment().putAll(Map.of("PATH", bin.toString(), "HOME", temp.toString(),
                        "STUB_ROOT", temp.toString(), "STUB_INSTANCE_ID", INSTANCE_ID));
                Process process = builder.start();
                output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the user data finishes").isTrue();
                exitCode = process.exitValue();
                calls = Files.readAllLines(temp.resolve("calls"), StandardCharsets.UTF_8);
                return this;
            } catch (IOException e) {
                throw new AssertionError("cannot run the user data", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        List<String> callsOf(String prefix) {
            return calls.stream().filter(call -> call.startsWith(prefix)).toList();
        }

        List<String> signals() {
            return callsOf("aws cloudformation signal-resource ");
        }

        /** The one signal sent. */
        String signal() {
            assertThat(signals()).as("signals sent; output:%n%s", output).hasSize(1);
            return signals().get(0);
        }
    }

    private static String bash() {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/bin/bash"), Path.of("/usr/bin/bash")));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "bash"));
            }
        }
        return candidates.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("these tests run the user data with bash, which is not installed")).toString();
    }
}
