package io.twt.functions.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.object.OutputKeys;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidateSettingsTest {

    private final ValidateSettings settings = new ValidateSettings("raw/", Path.of("/tmp"));

    @Test
    void defaultsAreRawAndTheJvmTempDir() {
        ValidateSettings defaults = ValidateSettings.fromEnvironment(Map.of());

        assertThat(defaults.rawPrefix()).isEqualTo("raw/");
        assertThat(defaults.tempDir()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
    }

    @Test
    void rawPrefixAndTempDirComeFromTheEnvironment() {
        ValidateSettings fromEnv = ValidateSettings.fromEnvironment(Map.of("RAW_PREFIX", "firehose/raw/", "VALIDATE_TEMP_DIR", "/mnt/scratch"));

        assertThat(fromEnv).isEqualTo(new ValidateSettings("firehose/raw/", Path.of("/mnt/scratch")));
    }

    @Test
    void outputKeysKeepTheKeyRelativeToTheRawPrefix() {
        assertThat(settings.outputKeysFor("raw/2026/03/01/12/twt-1.gz")).contains(
                new OutputKeys("validated/2026/03/01/12/twt-1.gz", "quarantine/2026/03/01/12/twt-1.gz.jsonl.gz"));
        assertThat(settings.outputKeysFor("raw/a b/caf\u00e9.ndjson")).contains(
                new OutputKeys("validated/a b/caf\u00e9.ndjson", "quarantine/a b/caf\u00e9.ndjson.jsonl.gz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"validated/2026/x.gz", "quarantine/2026/x.gz.jsonl.gz", "rawx/y.gz", "raw", "raw/", "other/raw/x.gz"})
    void keysThatAreNotRawObjectsHaveNoOutputs(String key) {
        assertThat(settings.outputKeysFor(key)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "raw", "validated/", "validated/raw/", "quarantine/", "quarantine/x/", "v", "q"})
    void aRawPrefixThatIsEmptyUnterminatedOrOverlapsAnOutputIsRefused(String rawPrefix) {
        assertThatThrownBy(() -> new ValidateSettings(rawPrefix, Path.of("/tmp")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RAW_PREFIX");
    }
}
