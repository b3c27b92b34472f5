package io.twt.functions.bootstrap;

import io.twt.core.sql.Identifiers;
import io.twt.core.sql.RefreshCompute;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The custom resource's properties, validated: they end up inside Snowflake DDL that cannot bind
 * parameters (an identifier, and string literals in {@code CREATE/ALTER STORAGE INTEGRATION} and
 * {@code STAGE}), so each is held to a rule that admits no quote, blank or separator.
 *
 * @param bucketName       an S3 bucket name, by S3's naming rules
 * @param storageRoleArn   {@code arn:<partition>:iam::<12 digits>:role/<optional path/>name}
 * @param integrationName  the storage integration's canonical (upper-case) name
 * @param dropDataOnDelete whether a Delete drops every object, data included
 * @param refreshCompute   whether Bootstrap keeps the serverless refresh task ({@link RefreshCompute#SERVERLESS}) or drops it
 * @param taskErrorIntegration the canonical name of the notification integration the task sends its
 *                         errors to (an administrator creates it: docs/deploy.md), or null for none
 */
public record BootstrapProperties(String bucketName, String storageRoleArn, String integrationName,
                                  boolean dropDataOnDelete, RefreshCompute refreshCompute, String taskErrorIntegration) {

    public static final String BUCKET_NAME = "BucketName";
    public static final String STORAGE_ROLE_ARN = "StorageRoleArn";
    public static final String INTEGRATION_NAME = "IntegrationName";
    public static final String DROP_DATA_ON_DELETE = "DropDataOnDelete";
    public static final String REFRESH_COMPUTE = "RefreshCompute";
    public static final String TASK_ERROR_INTEGRATION = "TaskErrorIntegration";
    /** Ignored; changing it makes CloudFormation send an Update, which re-runs the migrations. */
    public static final String REVISION = "Revision";
    /** CloudFormation copies the function's ARN into the properties. */
    public static final String SERVICE_TOKEN = "ServiceToken";
    /**
     * How long CloudFormation waits for the answer, 1 to 3600 seconds (AWS::CloudFormation::CustomResource,
     * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-customresource.html);
     * checked, otherwise unused: the function's own timeout bounds the work.
     */
    public static final String SERVICE_TIMEOUT = "ServiceTimeout";

    public static final String DEFAULT_INTEGRATION = "TWT_S3_INTEGRATION";
    static final String PHYSICAL_ID_PREFIX = "twt-snowflake-";

    private static final Set<String> KNOWN = Set.of(
            BUCKET_NAME, STORAGE_ROLE_ARN, INTEGRATION_NAME, DROP_DATA_ON_DELETE, REFRESH_COMPUTE, TASK_ERROR_INTEGRATION,
            REVISION, SERVICE_TOKEN, SERVICE_TIMEOUT);

    private static final Pattern IPV4_LIKE = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final String[] RESERVED_BUCKET_PREFIXES = {"xn--", "sthree-", "amzn-s3-demo-"};
    private static final String[] RESERVED_BUCKET_SUFFIXES = {"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"};

    // IAM allows more in paths, but these are the characters of role names, and no quote or blank
    // can reach the SQL literal the ARN is written into.
    private static final String ARN_NAME_CHARS = "A-Za-z0-9+=,.@_-";
    private static final Pattern ROLE_ARN = Pattern.compile(
            "arn:(aws(?:-[a-z]+)*):iam::(\\d{12}):role/((?:[" + ARN_NAME_CHARS + "]+/)*)([" + ARN_NAME_CHARS + "]+)");
    private static final Pattern ARN_CHARS = Pattern.compile("[:/" + ARN_NAME_CHARS + "]*");
    private static final int MAX_ROLE_NAME = 64;
    private static final int MAX_ROLE_PATH = 512;

    /** The physical resource id: one per integration, so it stays the same across Updates. */
    public String physicalResourceId() {
        return physicalResourceId(integrationName);
    }

    static String physicalResourceId(String canonicalIntegration) {
        return PHYSICAL_ID_PREFIX + canonicalIntegration;
    }

    /** The integration's name as a quoted identifier, e.g. {@code "TWT_S3_INTEGRATION"}. */
    public String quotedIntegration() {
        return '"' + integrationName + '"';
    }

    /** The task's error integration as a quoted identifier, or null when there is none. */
    public String quotedTaskErrorIntegration() {
        return taskErrorIntegration == null ? null : '"' + taskErrorIntegration + '"';
    }

    /** Where the stage points and the only location the integration allows. */
    public String stageLocation() {
        return "s3://" + bucketName + "/validated/";
    }

    /**
     * The properties of a Create or Update, every one checked.
     *
     * @throws IllegalArgumentException naming the property, the value and the rule it breaks
     */
    public static BootstrapProperties forCreateOrUpdate(Map<String, Object> properties) {
        Map<String, Object> props = properties == null ? Map.of() : properties;
        Set<String> unknown = new TreeSet<>(props.keySet());
        unknown.removeAll(KNOWN);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown resource properties " + unknown + " (known: "
                    + new TreeSet<>(KNOWN) + ")");
        }
        serviceTimeout(props.get(SERVICE_TIMEOUT));
        return new BootstrapProperties(
                bucketName(text(props, BUCKET_NAME)),
                storageRoleArn(text(props, STORAGE_ROLE_ARN)),
                integrationName(text(props, INTEGRATION_NAME)),
                dropDataOnDelete(props.get(DROP_DATA_ON_DELETE)),
                RefreshCompute.parse(REFRESH_COMPUTE, props.get(REFRESH_COMPUTE)),
                taskErrorIntegration(text(props, TASK_ERROR_INTEGRATION)));
    }

    /**
     * What a Delete needs. Lenient, because a Delete must not block stack deletion: an invalid
     * IntegrationName gives {@code null} (nothing of ours can exist under it), and any
     * DropDataOnDelete other than true keeps the data.
     */
    public static ForDelete forDelete(Map<String, Object> properties) {
        Map<String, Object> props = properties == null ? Map.of() : properties;
        String integration;
        try {
            integration = integrationName(text(props, INTEGRATION_NAME));
        } catch (IllegalArgumentException e) {
            integration = null;
        }
        Object drop = props.get(DROP_DATA_ON_DELETE);
        return new ForDelete(integration, drop != null && "true".equalsIgnoreCase(String.valueOf(drop).strip()));
    }

    /**
     * The properties of a Delete.
     *
     * @param integrationName canonical name, or null when the property is not a valid identifier
     */
    public record ForDelete(String integrationName, boolean dropDataOnDelete) {

        /** Whether {@code physicalResourceId} names a resource this function created for these properties. */
        public boolean owns(String physicalResourceId) {
            return integrationName != null && physicalResourceId(integrationName).equals(physicalResourceId);
        }

        public String quotedIntegration() {
            return '"' + integrationName + '"';
        }
    }

    private static String text(Map<String, Object> props, String name) {
        Object value = props.get(name);
        return value == null ? null : String.valueOf(value);
    }

    static String integrationName(String value) {
        if (value == null || value.isEmpty()) {
            return DEFAULT_INTEGRATION;
        }
        return Identifiers.canonical(INTEGRATION_NAME, value);
    }

    /** Null for none (empty or absent), else the canonical name. */
    static String taskErrorIntegration(String value) {
        return value == null || value.isBlank() ? null : Identifiers.canonical(TASK_ERROR_INTEGRATION, value.strip());
    }

    /** Null (the property is optional) or a whole number of seconds from 1 to 3600, as CloudFormation allows. */
    static void serviceTimeout(Object value) {
        if (value == null) {
            return;
        }
        String text = String.valueOf(value).strip();
        if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 3600) {
            throw new IllegalArgumentException(SERVICE_TIMEOUT + " " + quote(String.valueOf(value))
                    + " must be a whole number of seconds from 1 to 3600");
        }
    }

    static boolean dropDataOnDelete(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false") || text.isEmpty()) {
            return false;
        }
        throw new IllegalArgumentException(DROP_DATA_ON_DELETE + " " + quote(String.valueOf(value))
                + " must be \"true\" or \"false\"");
    }

    /** Checks an S3 general purpose bucket name against S3's naming rules. */
    static String bucketName(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(BUCKET_NAME + " is required: the bucket whose validated/ prefix Snowpipe loads");
        }
        if (value.length() < 3 || value.length() > 63) {
            throw invalidBucket(value, "it is " + value.length() + " characters long; bucket names have 3 to 63");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
                throw invalidBucket(value, "only lowercase letters, digits, '.' and '-' are allowed; "
                        + Identifiers.describe(c) + " at position " + (i + 1) + " is not");
            }
        }
        if (!isLetterOrDigit(value.charAt(0)) || !isLetterOrDigit(value.charAt(value.length() - 1))) {
            throw invalidBucket(value, "it must begin and end with a lowercase letter or digit");
        }
        if (value.contains("..")) {
            throw invalidBucket(value, "it must not contain two adjacent periods");
        }
        if (IPV4_LIKE.matcher(value).matches()) {
            throw invalidBucket(value, "it must not be formatted as an IP address");
        }
        for (String prefix : RESERVED_BUCKET_PREFIXES) {
            if (value.startsWith(prefix)) {
                throw invalidBucket(value, "the prefix " + prefix + " is reserved");
            }
        }
        for (String suffix : RESERVED_BUCKET_SUFFIXES) {
            if (value.endsWith(suffix)) {
                throw invalidBucket(value, "the suffix " + suffix + " is reserved");
            }
        }
        return value;
    }

    /** Checks that {@code value} is an IAM role ARN. */
    static String storageRoleArn(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(STORAGE_ROLE_ARN
                    + " is required: the IAM role Snowflake assumes to read the bucket");
        }
        String shape = "it must look like arn:<partition>:iam::<12-digit account id>:role/<optional path/>role-name";
        if (value.length() > 2048) {
            throw invalidArn(value, "it is " + value.length() + " characters long; " + shape);
        }
        if (!ARN_CHARS.matcher(value).matches()) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (!ARN_CHARS.matcher(String.valueOf(c)).matches()) {
                    throw invalidArn(value, "only letters, digits and + = , . @ _ - : / are allowed; "
                            + Identifiers.describe(c) + " at position " + (i + 1) + " is not");
                }
            }
        }
        Matcher m = ROLE_ARN.matcher(value);
        if (!m.matches()) {
            throw invalidArn(value, shape);
        }
        if (m.group(4).length() > MAX_ROLE_NAME) {
            throw invalidArn(value, "the role name is " + m.group(4).length() + " characters long; IAM allows "
                    + MAX_ROLE_NAME);
        }
        if (m.group(3).length() + 1 > MAX_ROLE_PATH) {
            throw invalidArn(value, "the role path is longer than IAM's " + MAX_ROLE_PATH + " characters");
        }
        return value;
    }

    private static boolean isLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static String quote(String value) {
        return '"' + value + '"';
    }

    private static IllegalArgumentException invalidBucket(String value, String rule) {
        return new IllegalArgumentException(BUCKET_NAME + " " + quote(value) + " is not a valid S3 bucket name: " + rule);
    }

    private static IllegalArgumentException invalidArn(String value, String rule) {
        return new IllegalArgumentException(STORAGE_ROLE_ARN + " " + quote(value) + " is not an IAM role ARN: " + rule);
    }
}
