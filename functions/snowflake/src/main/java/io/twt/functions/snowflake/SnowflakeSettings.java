package io.twt.functions.snowflake;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Where the Snowflake secret is and how patient the driver is, from the function's environment.
 *
 * <table>
 *   <caption>Environment</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>{@code SNOWFLAKE_SECRET_ARN}</td><td>Secrets Manager id or ARN of the secret</td><td>required</td></tr>
 *   <tr><td>{@code SNOWFLAKE_LOGIN_TIMEOUT_SECONDS}</td><td>bound on opening a connection (login and its retries)</td><td>20</td></tr>
 *   <tr><td>{@code SNOWFLAKE_NETWORK_TIMEOUT_SECONDS}</td><td>bound on the retries of one request to Snowflake</td><td>60</td></tr>
 *   <tr><td>{@code SNOWFLAKE_QUERY_TIMEOUT_SECONDS}</td><td>default per-statement timeout (0: none)</td><td>240</td></tr>
 *   <tr><td>{@code SNOWFLAKE_URL}</td><td>{@code http(s)://host[:port]} instead of {@code https://<account>.snowflakecomputing.com}
 *       (PrivateLink host names, or a loopback stand-in in tests)</td><td>unset</td></tr>
 * </table>
 */
public record SnowflakeSettings(
        String secretId, int loginTimeoutSeconds, int networkTimeoutSeconds, int queryTimeoutSeconds, Optional<URI> serverUrl) {

    public static final String SECRET_VARIABLE = "SNOWFLAKE_SECRET_ARN";
    public static final String LOGIN_TIMEOUT_VARIABLE = "SNOWFLAKE_LOGIN_TIMEOUT_SECONDS";
    public static final String NETWORK_TIMEOUT_VARIABLE = "SNOWFLAKE_NETWORK_TIMEOUT_SECONDS";
    public static final String QUERY_TIMEOUT_VARIABLE = "SNOWFLAKE_QUERY_TIMEOUT_SECONDS";
    public static final String URL_VARIABLE = "SNOWFLAKE_URL";

    public static final int DEFAULT_LOGIN_TIMEOUT_SECONDS = 20;
    public static final int DEFAULT_NETWORK_TIMEOUT_SECONDS = 60;
    public static final int DEFAULT_QUERY_TIMEOUT_SECONDS = 240;

    public SnowflakeSettings {
        if (secretId == null || secretId.isBlank()) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " is not set: it must name the Snowflake secret (id or ARN)");
        }
        // A login timeout of 0 would mean "wait forever": never what a function with a deadline wants.
        requireAtLeast(LOGIN_TIMEOUT_VARIABLE, loginTimeoutSeconds, 1);
        requireAtLeast(NETWORK_TIMEOUT_VARIABLE, networkTimeoutSeconds, 1);
        requireAtLeast(QUERY_TIMEOUT_VARIABLE, queryTimeoutSeconds, 0);
        serverUrl = serverUrl == null ? Optional.empty() : serverUrl;
    }

    public static SnowflakeSettings fromEnvironment(Map<String, String> env) {
        return new SnowflakeSettings(
                env.get(SECRET_VARIABLE),
                seconds(env, LOGIN_TIMEOUT_VARIABLE, DEFAULT_LOGIN_TIMEOUT_SECONDS),
                seconds(env, NETWORK_TIMEOUT_VARIABLE, DEFAULT_NETWORK_TIMEOUT_SECONDS),
                seconds(env, QUERY_TIMEOUT_VARIABLE, DEFAULT_QUERY_TIMEOUT_SECONDS),
                serverUrl(env.get(URL_VARIABLE)));
    }

    /**
     * The driver's connection URL: {@code jdbc:snowflake://<account>.snowflakecomputing.com:443/},
     * or the {@code SNOWFLAKE_URL} host (with {@code ssl=off} for plain http).
     */
    public String jdbcUrl(String account) {
        if (serverUrl.isEmpty()) {
            return "jdbc:snowflake://" + account + ".snowflakecomputing.com:443/";
        }
        URI url = serverUrl.get();
        boolean https = url.getScheme().equals("https");
        int port = url.getPort() > 0 ? url.getPort() : (https ? 443 : 80);
        return "jdbc:snowflake://" + url.getHost() + ":" + port + "/" + (https ? "" : "?ssl=off");
    }

    private static Optional<URI> serverUrl(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        URI url;
        try {
            url = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(URL_VARIABLE + " \"" + value + "\" is not a URL: " + e.getReason());
        }
        boolean bare = (url.getPath() == null || url.getPath().isEmpty() || url.getPath().equals("/"))
                && url.getQuery() == null && url.getFragment() == null && url.getUserInfo() == null;
        if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null || !bare) {
            throw new IllegalArgumentException(URL_VARIABLE + " \"" + value + "\" must be http(s)://host[:port] with nothing after the port");
        }
        return Optional.of(url);
    }

    private static int seconds(Map<String, String> env, String variable, int defaultValue) {
        String value = env.get(variable);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " \"" + value + "\" is not a whole number of seconds");
        }
    }

    private static void requireAtLeast(String variable, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(variable + " is " + value + ", it must be at least " + minimum);
        }
    }
}
