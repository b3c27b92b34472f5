package io.twt.functions.snowflake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnowflakeSettingsTest {

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("SNOWFLAKE_SECRET_ARN", "twt/snowflake");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsBoundTheLoginTo20Seconds() {
        SnowflakeSettings settings = SnowflakeSettings.fromEnvironment(env());

        assertThat(settings).isEqualTo(new SnowflakeSettings("twt/snowflake", 20, 60, 240, Optional.empty()));
        assertThat(settings.jdbcUrl("myorg-myaccount")).isEqualTo("jdbc:snowflake://myorg-myaccount.snowflakecomputing.com:443/");
        assertThat(settings.jdbcUrl("xy12345.us-east-2.aws")).isEqualTo("jdbc:snowflake://xy12345.us-east-2.aws.snowflakecomputing.com:443/");
    }

    @Test
    void timeoutsAndTheUrlComeFromTheEnvironment() {
        SnowflakeSettings settings = SnowflakeSettings.fromEnvironment(env(
                "SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "7",
                "SNOWFLAKE_NETWORK_TIMEOUT_SECONDS", " 30 ",
                "SNOWFLAKE_QUERY_TIMEOUT_SECONDS", "0",
                "SNOWFLAKE_URL", "http://127.0.0.1:8089"));

        assertThat(settings).isEqualTo(new SnowflakeSettings("twt/snowflake", 7, 30, 0, Optional.of(URI.create("http://127.0.0.1:8089"))));
        assertThat(settings.jdbcUrl("myorg-myaccount")).isEqualTo("jdbc:snowflake://127.0.0.1:8089/?ssl=off");
    }

    @Test
    void anHttpsUrlKeepsTlsAndDefaultsItsPort() {
        assertThat(SnowflakeSettings.fromEnvironment(env("SNOWFLAKE_URL", "https://myorg-myaccount.privatelink.snowflakecomputing.com/"))
                .jdbcUrl("myorg-myaccount"))
                .isEqualTo("jdbc:snowflake://myorg-myaccount.privatelink.snowflakecomputing.com:443/");
        assertThat(SnowflakeSettings.fromEnvironment(env("SNOWFLAKE_URL", "http://localhost")).jdbcUrl("a"))
                .isEqualTo("jdbc:snowflake://localhost:80/?ssl=off");
    }

    @Test
    void theSecretIsRequired() {
        Map<String, String> env = env();
        env.remove("SNOWFLAKE_SECRET_ARN");
        assertThatThrownBy(() -> SnowflakeSettings.fromEnvironment(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SNOWFLAKE_SECRET_ARN is not set: it must name the Snowflake secret (id or ARN)");
    }

    @Test
    void badTimeoutsAreNamed() {
        assertThatThrownBy(() -> SnowflakeSettings.fromEnvironment(env("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "20s")))
                .hasMessage("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS \"20s\" is not a whole number of seconds");
        assertThatThrownBy(() -> SnowflakeSettings.fromEnvironment(env("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS", "0")))
                .hasMessage("SNOWFLAKE_LOGIN_TIMEOUT_SECONDS is 0, it must be at least 1");
        assertThatThrownBy(() -> SnowflakeSettings.fromEnvironment(env("SNOWFLAKE_NETWORK_TIMEOUT_SECONDS", "0")))
                .hasMessage("SNOWFLAKE_NETWORK_TIMEOUT_SECONDS is 0, it must be at least 1");
        assertThatThrownBy(() -> SnowflakeSettings.fromEnvironment(env("SNOWFLAKE_QUERY_TIMEOUT_SECONDS", "-1")))
                .hasMessage("SNOWFLAKE_QUERY_TIMEOUT_SECONDS is -1, it must be at least 0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8089", "ftp://host", "http://host/path", "http://host?x=1", "http://user@host", "https://"})
    void urlsWithMoreOrLessThanSchemeHostAndPortAreRefused(String url) {
        assertThatThrownBy(() -> SnowflakeSettings.fromEnvironment(env("SNOWFLAKE_URL", url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SNOWFLAKE_URL \"" + url + "\" ");
    }
}
