package io.twt.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RefreshComputeTest {

    @Test
    void absentOrBlankIsServerlessAndEachModeParsesFromItsTemplateValue() {
        assertThat(RefreshCompute.parse("REFRESH_COMPUTE", null)).isEqualTo(RefreshCompute.SERVERLESS);
        assertThat(RefreshCompute.parse("REFRESH_COMPUTE", " ")).isEqualTo(RefreshCompute.SERVERLESS);
        for (RefreshCompute compute : RefreshCompute.values()) {
            assertThat(RefreshCompute.parse("REFRESH_COMPUTE", " " + compute.value() + " ")).isEqualTo(compute);
        }
        assertThat(RefreshCompute.WAREHOUSE.value()).isEqualTo("warehouse");
    }

    @Test
    void anotherValueIsRefusedNamingItsSourceAndTheAllowedValues() {
        assertThatThrownBy(() -> RefreshCompute.parse("REFRESH_COMPUTE", "Serverless"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("REFRESH_COMPUTE \"Serverless\" must be one of serverless, warehouse");
    }
}
