package io.twt.core.object;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutputKeysTest {

    @Test
    void theOutputsKeepTheKeyBelowTheRawPrefixAndTheQuarantineEndsInJsonlGz() {
        assertThat(OutputKeys.forRawKey("raw/", "raw/2026/03/01/12/twt-1.gz")).contains(
                new OutputKeys("validated/2026/03/01/12/twt-1.gz", "quarantine/2026/03/01/12/twt-1.gz.jsonl.gz"));
        assertThat(OutputKeys.forRawKey("firehose/raw/", "firehose/raw/a b/caf\u00e9.ndjson")).contains(
                new OutputKeys("validated/a b/caf\u00e9.ndjson", "quarantine/a b/caf\u00e9.ndjson.jsonl.gz"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"validated/2026/x.gz", "quarantine/2026/x.gz.jsonl.gz", "rawx/y.gz", "raw", "raw/", "other/raw/x.gz"})
    void aKeyOutsideTheRawPrefixOrThePrefixItselfHasNoOutputs(String key) {
        assertThat(OutputKeys.forRawKey(OutputKeys.RAW_PREFIX, key)).isEmpty();
    }
}
