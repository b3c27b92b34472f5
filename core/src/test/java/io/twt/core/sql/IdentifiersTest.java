package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @CsvSource({
        "twt_db, \"TWT_DB\"",
        "TWT_DB, \"TWT_DB\"",
        "MyIdentifier1, \"MYIDENTIFIER1\"",
        "My$identifier, \"MY$IDENTIFIER\"",
        "_my_identifier, \"_MY_IDENTIFIER\"",
        "x, \"X\"",
        "_, \"_\"",
        "a1$_, \"A1$_\""
    })
    void validNamesAreQuotedUpperCase(String value, String expected) {
        assertThat(Identifiers.quoted("database", value)).isEqualTo(expected);
        assertThat(Identifiers.canonical("database", value)).isEqualTo(expected.substring(1, expected.length() - 1));
    }

    @Test
    void theLengthLimitIs255() {
        String longest = "a".repeat(255);
        assertThat(Identifiers.canonical("schema", longest)).isEqualTo("A".repeat(255));
        assertThatThrownBy(() -> Identifiers.canonical("schema", longest + "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema \"" + longest + "b\" is not a valid unquoted Snowflake identifier")
                .hasMessageEndingWith("it is 256 characters long, the limit is 255");
    }

    @Test
    void emptyAndMissingValuesAreRefused() {
        assertThatThrownBy(() -> Identifiers.quoted("warehouse", ""))
                .hasMessage("warehouse \"\" is not a valid unquoted Snowflake identifier: it is empty");
        assertThatThrownBy(() -> Identifiers.quoted("warehouse", null))
                .hasMessage("warehouse null is not a valid unquoted Snowflake identifier: it is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = {
        "1db|'1'",
        "$db|'$'",
        "-db|'-'",
        "\"TWT_DB\"|'\"'",
        "édb|'é'",
        " db|a space"
    })
    void theFirstCharacterMustBeALetterOrUnderscore(String value, String described) {
        assertThatThrownBy(() -> Identifiers.quoted("role", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role \"" + value + "\" is not a valid unquoted Snowflake identifier: "
                        + "it must start with a letter (A-Z, a-z) or '_', not " + described);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', ignoreLeadingAndTrailingWhitespace = false, value = {
        "twt db|a space|4",
        "twt-db|'-'|4",
        "twt.db|'.'|4",
        "db;|';'|3",
        "dbé|'é'|3",
        "twt\"db|'\"'|4",
        "db'|'''|3"
    })
    void laterCharactersMustBeLettersDigitsUnderscoreOrDollar(String value, String described, int position) {
        assertThatThrownBy(() -> Identifiers.canonical("schema", value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schema \"" + value + "\" is not a valid unquoted Snowflake identifier: "
                        + "only letters (A-Z, a-z), digits, '_' and '$' are allowed; " + described
                        + " at position " + position + " is not");
    }

    @Test
    void controlCharactersAreNamedByCodePoint() {
        assertThatThrownBy(() -> Identifiers.canonical("database", "db\n"))
                .hasMessageEndingWith("the control character U+000A at position 3 is not");
        assertThatThrownBy(() -> Identifiers.canonical("database", "db\t1"))
                .hasMessageEndingWith("the control character U+0009 at position 3 is not");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "x\"; DROP TABLE y; --",
        "twt_db\"; DROP TABLE y; --",
        "twt_db\" --",
        "TWT_DB.PUBLIC",
        "twt_db/*",
        "\"\"",
        "db\u0000"
    })
    void injectionAttemptsAreRefusedWithTheValueInTheMessage(String attempt) {
        assertThatThrownBy(() -> Identifiers.quoted("database", attempt))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("database \"" + attempt + "\" is not a valid unquoted Snowflake identifier: ");
    }
}
