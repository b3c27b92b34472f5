package io.twt.functions.validate;

import static io.twt.core.io.TestBytes.gzip;
import static io.twt.core.io.TestBytes.utf8;
import static io.twt.functions.validate.RecordLines.valid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twt.core.validate.ObjectValidator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExactLengthInputStreamTest {

    @Test
    void streamOfTheExpectedLengthReadsToTheEnd() throws IOException {
        byte[] data = utf8(valid(0, 10, "\n"));

        try (ExactLengthInputStream in = new ExactLengthInputStream(new ByteArrayInputStream(data), data.length)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void streamThatEndsEarlyFailsWithAPlainIoException() {
        ExactLengthInputStream in = new ExactLengthInputStream(new ByteArrayInputStream(new byte[10]), 25);

        assertThatThrownBy(in::readAllBytes)
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("the download ended after 10 of 25 bytes");
    }

    @Test
    void downloadCutShortFailsTheValidationInsteadOfQuarantiningTheObject() {
        byte[] object = gzip(utf8(valid(0, 1000, "\n")));
        byte[] received = Arrays.copyOf(object, object.length / 2);
        ExactLengthInputStream download = new ExactLengthInputStream(new ByteArrayInputStream(received), object.length);

        assertThatThrownBy(() -> new ObjectValidator().validate(download, new ByteArrayOutputStream(), new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(EOFException.class)
                .hasMessageStartingWith("the download ended after");
    }
}
