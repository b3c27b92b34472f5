package io.twt.stream.x;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XCredentialsTest {

    @Test
    void toStringNamesWhichSecretsArePresentButNoValue() {
        assertThat(new XCredentials("b", null, null, null, null))
                .hasToString("XCredentials[bearer_token present, oauth1 absent]");
        assertThat(new XCredentials(null, "ck", "cs", "at", "as"))
                .hasToString("XCredentials[bearer_token absent, oauth1 present]");
        assertThat(new XCredentials(null, "ck", "cs", null, "as"))
                .hasToString("XCredentials[bearer_token absent, oauth1 absent]");
        assertThat(new XCredentials(null, null, null, "at", "as"))
                .hasToString("XCredentials[bearer_token absent, oauth1 absent]");
    }
}
