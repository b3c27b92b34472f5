package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.CloudFormationCustomResourceEvent;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sample events the documentation (README.md and docs/) tells people to use: each exists and is the event its function takes. */
class ReadmeEventsTest {

    private static final Template TEMPLATE = Repository.template();
    private static final String DOCUMENTATION = Repository.read("README.md") + Repository.read("docs/deploy.md") + Repository.read("docs/functions.md");
    private static final Pattern EVENT = Pattern.compile("events/[A-Za-z0-9._-]+\\.json");
    private static final Pattern LOCAL_INVOKE = Pattern.compile("sam local invoke (\\w+)[^\\n`]*?-e (events/[A-Za-z0-9._-]+\\.json)");

    static Stream<String> referencedEvents() {
        Set<String> events = new TreeSet<>();
        Matcher event = EVENT.matcher(DOCUMENTATION);
        while (event.find()) {
            events.add(event.group());
        }
        return events.stream();
    }

    @Test
    void theDocumentationReferencesAnEventForEachFunction() {
        assertThat(referencedEvents()).contains("events/s3-object-created.json", "events/schedule.json",
                "events/cfn-create.json", "events/cfn-update.json", "events/cfn-delete.json");
    }

    @ParameterizedTest
    @MethodSource("referencedEvents")
    void eachReferencedEventExistsAndDeserializesAsItsKind(String event) {
        assertThat(Repository.file(event)).as("%s, referenced in the documentation", event).isRegularFile();
        String path = Repository.file(event).toString();
        String name = event.substring("events/".length());
        if (name.startsWith("s3-")) {
            S3Event s3 = EventLoader.loadS3Event(path);
            assertThat(s3.getRecords()).isNotEmpty().allSatisfy(record -> {
                assertThat(record.getEventName()).isNotBlank();
                assertThat(record.getS3().getBucket().getName()).isNotBlank();
                assertThat(record.getS3().getObject().getKey()).isNotBlank();
            });
        } else if (name.startsWith("schedule")) {
            ScheduledEvent scheduled = EventLoader.loadScheduledEvent(path);
            assertThat(scheduled.getDetailType()).isEqualTo("Scheduled Event");
            assertThat(scheduled.getTime()).isNotNull();
        } else if (name.startsWith("cfn-")) {
            checkCustomResourceEvent(EventLoader.loadCloudFormationCustomResourceEvent(path), name);
        } else {
            throw new AssertionError(event + ": no known kind; name sample events s3-*.json, schedule*.json or cfn-*.json");
        }
    }

    /** Each {@code sam local invoke F -e E} in the documentation names a function of the template and an event of the kind F takes. */
    @Test
    void localInvocationsPairEachFunctionWithItsKindOfEvent() {
        Map<String, String> kindByFunction = Map.of("ValidateFunction", "s3-", "RefreshFunction", "schedule", "BootstrapFunction", "cfn-");
        Map<String, String> invocations = new LinkedHashMap<>();
        Matcher invoke = LOCAL_INVOKE.matcher(DOCUMENTATION);
        while (invoke.find()) {
            invocations.put(invoke.group(2), invoke.group(1));
        }
        assertThat(invocations.values()).containsAll(kindByFunction.keySet());
        invocations.forEach((event, function) -> {
            assertThat(TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION)).as("sam local invoke %s", function).containsKey(function);
            assertThat(event.substring("events/".length())).as("the event for %s", function).startsWith(kindByFunction.get(function));
        });
    }

    /** The request type is the file's (cfn-create → Create) and the properties are those the template gives SnowflakeObjects. */
    private static void checkCustomResourceEvent(CloudFormationCustomResourceEvent event, String name) {
        String requestType = name.substring("cfn-".length(), name.length() - ".json".length());
        assertThat(event.getRequestType()).isEqualTo(requestType.substring(0, 1).toUpperCase(Locale.ROOT) + requestType.substring(1));
        assertThat(event.getResourceType()).isEqualTo(TEMPLATE.type("SnowflakeObjects"));
        assertThat(event.getResponseUrl()).startsWith("https://");
        Set<String> templateProperties = TEMPLATE.properties("SnowflakeObjects").keySet();
        assertThat(event.getResourceProperties()).as("ResourceProperties of %s", name).isNotNull();
        assertThat(templateProperties).as("the properties the template gives SnowflakeObjects include those of %s", name)
                .containsAll(event.getResourceProperties().keySet());
        assertThat(event.getResourceProperties()).containsKeys("BucketName", "StorageRoleArn", "IntegrationName");
        if (!"Create".equals(event.getRequestType())) {
            assertThat(event.getPhysicalResourceId()).as("%s has the PhysicalResourceId Create answered", name).isNotBlank();
        }
        if ("Update".equals(event.getRequestType())) {
            assertThat(templateProperties).containsAll(event.getOldResourceProperties().keySet());
        }
    }
}
