package io.twt.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmokeMainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                      | the stack name is missing",
            "twt --wait 0            | --wait takes a positive number of seconds, got 0",
            "twt --wait soon         | --wait takes a positive number of seconds, got soon",
            "twt --region            | --region needs a value",
            "twt other               | unexpected argument other",
            "twt --force             | unexpected argument --force"})
    void aMistakeInTheArgumentsExitsWith2TheReasonAndTheUsageBeforeAnyCall(String args, String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SmokeMain.run(args.isEmpty() ? new String[0] : args.split(" "), new PrintStream(out), new PrintStream(err));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).containsExactly("smoke-test: " + reason, SmokeMain.USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
