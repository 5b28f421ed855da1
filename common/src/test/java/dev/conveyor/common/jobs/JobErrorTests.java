package dev.conveyor.common.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class JobErrorTests {

    @Test
    void anExceptionWithoutAMessageIsDescribedByItsCause() {
        ConnectException bare = new ConnectException();
        bare.initCause(new IOException("Connection refused"));

        assertThat(JobError.of(bare).message()).isEqualTo("ConnectException: Connection refused");
    }

    @Test
    void anExceptionWithNoMessageAnywhereIsNamedByItsType() {
        assertThat(JobError.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
