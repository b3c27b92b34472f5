package io.twt.functions.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.sql.RefreshCompute;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BootstrapPropertiesTest {

    static final String BUCKET = "twt-data-123456789012-us-east-1";
    static final String ROLE = "arn:aws:iam::123456789012:role/twt-snowflake-s3";

    @Test
    void validPropertiesWithDefaults() {
        BootstrapProperties p = BootstrapProperties.forCreateOrUpdate(properties());

        assertThat(p).isEqualTo(new BootstrapProperties(BUCKET, ROLE, "TWT_S3_INTEGRATION", false, RefreshCompute.SERVERLESS, null));
        assertThat(p.physicalResourceId()).isEqualTo("twt-snowflake-TWT_S3_INTEGRATION");
        assertThat(p.quotedIntegration()).isEqualTo("\"TWT_S3_INTEGRATION\"");
        assertThat(p.stageLocation()).isEqualTo("s3://" + BUCKET + "/validated/");
    }

    @Test
    void theIntegrationNameIsCanonicalSoTheIdDoesNotDependOnItsCase() {
        Map<String, Object> lower = properties();
        lower.put("IntegrationName", "twt_s3_integration");

        assertThat(BootstrapProperties.forCreateOrUpdate(lower).physicalResourceId())
                .isEqualTo(BootstrapProperties.forCreateOrUpdate(properties()).physicalResourceId());
    }

    @Test
    void anEmptyIntegrationNameMeansTheDefault() {
        Map<String, Object> empty = properties();
        empty.put("IntegrationName", "");

        assertThat(BootstrapProperties.forCreateOrUpdate(empty).integrationName()).isEqualTo("TWT_S3_INTEGRATION");
    }

    @Test
    void refreshComputeIsServerlessOrWarehouseAndAnythingElseIsRefusedByName() {
        Map<String, Object> props = properties();
        props.put("RefreshCompute", "warehouse");
        assertThat(BootstrapProperties.forCreateOrUpdate(props).refreshCompute()).isEqualTo(RefreshCompute.WAREHOUSE);
        props.put("RefreshCompute", "serverless");
        assertThat(BootstrapProperties.forCreateOrUpdate(props).refreshCompute()).isEqualTo(RefreshCompute.SERVERLESS);

        props.put("RefreshCompute", "lambda");
        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RefreshCompute \"lambda\" must be one of serverless, warehouse");
    }

    @Test
    void theTaskErrorIntegrationIsOptionalCanonicalAndAnIdentifier() {
        Map<String, Object> props = properties();
        props.put("TaskErrorIntegration", "");
        assertThat(BootstrapProperties.forCreateOrUpdate(props).quotedTaskErrorIntegration()).isNull();

        props.put("TaskErrorIntegration", "twt_task_errors");
        assertThat(BootstrapProperties.forCreateOrUpdate(props).quotedTaskErrorIntegration()).isEqualTo("\"TWT_TASK_ERRORS\"");

        props.put("TaskErrorIntegration", "x\" OR 1=1");
        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TaskErrorIntegration");
    }

    @ParameterizedTest
    @CsvSource({"true,true", "TRUE,true", "false,false", "False,false"})
    void dropDataOnDeleteIsTrueOrFalse(String given, boolean expected) {
        Map<String, Object> props = properties();
        props.put("DropDataOnDelete", given);

        assertThat(BootstrapProperties.forCreateOrUpdate(props).dropDataOnDelete()).isEqualTo(expected);
    }

    @Test
    void dropDataOnDeleteAcceptsAJsonBoolean() {
        Map<String, Object> props = properties();
        props.put("DropDataOnDelete", Boolean.TRUE);

        assertThat(BootstrapProperties.forCreateOrUpdate(props).dropDataOnDelete()).isTrue();
    }

    @Test
    void anythingElseForDropDataOnDeleteIsRefusedOnCreate() {
        Map<String, Object> props = properties();
        props.put("DropDataOnDelete", "yes");

        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .hasMessage("DropDataOnDelete \"yes\" must be \"true\" or \"false\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "300", "3600"})
    void aServiceTimeoutWithinCloudFormationsRangeIsAccepted(String seconds) {
        Map<String, Object> props = properties();
        props.put("ServiceTimeout", seconds);

        assertThat(BootstrapProperties.forCreateOrUpdate(props)).isEqualTo(BootstrapProperties.forCreateOrUpdate(properties()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3601", "-5", "5m", "", "300.5"})
    void aServiceTimeoutOutsideOneToThirtySixHundredSecondsIsRefused(String seconds) {
        Map<String, Object> props = properties();
        props.put("ServiceTimeout", seconds);

        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .hasMessage("ServiceTimeout \"" + seconds + "\" must be a whole number of seconds from 1 to 3600");
    }

    @Test
    void aMisspelledPropertyIsNamed() {
        Map<String, Object> props = properties();
        props.put("DropDataOnDelet", "true");

        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .hasMessageStartingWith("unknown resource properties [DropDataOnDelet]");
    }

    @Test
    void missingBucketAndRoleAreNamed() {
        Map<String, Object> noBucket = properties();
        noBucket.remove("BucketName");
        Map<String, Object> noRole = properties();
        noRole.remove("StorageRoleArn");

        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(noBucket)).hasMessageStartingWith("BucketName is required");
        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(noRole)).hasMessageStartingWith("StorageRoleArn is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b-c", "twt-data-123456789012-us-east-1", "my.bucket.name",
            "123bucket", "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123"})
    void s3BucketNamesAreAccepted(String name) {
        assertThat(BootstrapProperties.bucketName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ab|it is 2 characters long; bucket names have 3 to 63",
            "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234|it is 64 characters long",
            "My-bucket|'M' at position 1 is not",
            "my_bucket|'_' at position 3 is not",
            "-bucket|it must begin and end with a lowercase letter or digit",
            "bucket.|it must begin and end with a lowercase letter or digit",
            "my..bucket|two adjacent periods",
            "192.168.1.10|formatted as an IP address",
            "xn--bucket|the prefix xn-- is reserved",
            "sthree-bucket|the prefix sthree- is reserved",
            "amzn-s3-demo-bucket|the prefix amzn-s3-demo- is reserved",
            "bucket-s3alias|the suffix -s3alias is reserved",
            "bucket--ol-s3|the suffix --ol-s3 is reserved",
            "bucket.mrap|the suffix .mrap is reserved",
            "bucket--x-s3|the suffix --x-s3 is reserved",
            "bucket--table-s3|the suffix --table-s3 is reserved",
            "bücket|'ü' at position 2 is not"})
    void bucketNamesBreakingS3RulesAreRefusedWithTheRule(String name, String rule) {
        assertThatThrownBy(() -> BootstrapProperties.bucketName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("BucketName \"" + name + "\" is not a valid S3 bucket name: ")
                .hasMessageContaining(rule);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:iam::123456789012:role/twt-snowflake-s3",
            "arn:aws:iam::123456789012:role/service-role/twt/snowflake_s3+read=1,a.b@c-d",
            "arn:aws-cn:iam::123456789012:role/twt",
            "arn:aws-us-gov:iam::123456789012:role/twt",
            "arn:aws-iso-b:iam::123456789012:role/twt"})
    void roleArnsAreAccepted(String arn) {
        assertThat(BootstrapProperties.storageRoleArn(arn)).isEqualTo(arn);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "arn:aws:iam::123456789012:user/twt|it must look like arn:<partition>:iam::<12-digit account id>:role/",
            "arn:aws:iam::12345678901:role/twt|it must look like",
            "arn:aws:iam::123456789012:role/|it must look like",
            "arn:aws:iam::123456789012:role/path/|it must look like",
            "arn:aws:s3:::twt-data|it must look like",
            "arn:aws:iam:us-east-1:123456789012:role/twt|it must look like",
            "arn:AWS:iam::123456789012:role/twt|it must look like",
            "arn:aws:iam::123456789012:role/twt snowflake|a space at position 35 is not",
            "arn:aws:iam::123456789012:role/abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij12345|the role name is 65 characters long"})
    void roleArnsOfAnotherShapeAreRefused(String arn, String rule) {
        assertThatThrownBy(() -> BootstrapProperties.storageRoleArn(arn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("StorageRoleArn \"" + arn + "\" is not an IAM role ARN: ")
                .hasMessageContaining(rule);
    }

    @Test
    void injectionThroughTheRoleArnIsRefused() {
        Map<String, Object> props = properties();
        props.put("StorageRoleArn", "arn:aws:iam::123456789012:role/x' STORAGE_ALLOWED_LOCATIONS = ('*')");

        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .hasMessageStartingWith("StorageRoleArn ")
                .hasMessageContaining("''' at position 33 is not");
    }

    @Test
    void injectionThroughTheBucketNameIsRefused() {
        Map<String, Object> props = properties();
        props.put("BucketName", "twt-data/validated/'); DROP TABLE twt_raw; --");

        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .hasMessageStartingWith("BucketName ")
                .hasMessageContaining("'/' at position 9 is not");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TWT\"; DROP TABLE twt_raw; --", "twt integration", "twt.integration", "1twt", "twt-int"})
    void injectionThroughTheIntegrationNameIsRefused(String name) {
        Map<String, Object> props = properties();
        props.put("IntegrationName", name);

        assertThatThrownBy(() -> BootstrapProperties.forCreateOrUpdate(props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("IntegrationName \"" + name + "\" is not a valid unquoted Snowflake identifier");
    }

    @Test
    void aDeleteOwnsOnlyTheIdItsCreateHandsOut() {
        BootstrapProperties.ForDelete delete = BootstrapProperties.forDelete(properties());

        assertThat(delete.owns("twt-snowflake-TWT_S3_INTEGRATION")).isTrue();
        assertThat(delete.owns(BootstrapHandler.FAILED_CREATE_PREFIX + "7f1e0a52")).isFalse();
        assertThat(delete.owns(null)).isFalse();
        assertThat(delete.dropDataOnDelete()).isFalse();
    }

    @Test
    void aDeleteWithAnInvalidIntegrationNameOwnsNothingAndUnclearDropDataKeepsTheData() {
        Map<String, Object> props = properties();
        props.put("IntegrationName", "not valid");
        props.put("DropDataOnDelete", "yes");

        BootstrapProperties.ForDelete delete = BootstrapProperties.forDelete(props);

        assertThat(delete.integrationName()).isNull();
        assertThat(delete.owns("twt-snowflake-null")).isFalse();
        assertThat(delete.dropDataOnDelete()).isFalse();
    }

    private static Map<String, Object> properties() {
        Map<String, Object> props = new HashMap<>();
        props.put("ServiceToken", "arn:aws:lambda:us-east-1:123456789012:function:twt-BootstrapFunction");
        props.put("BucketName", BUCKET);
        props.put("StorageRoleArn", ROLE);
        props.put("Revision", "7");
        return props;
    }
}
