package io.webjobs.orchestrator.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** An upload without Content-Length is read only up to the limit. */
class UploadBodyTest {

    @Test
    void shouldReadABodyUpToTheLimit() throws IOException {
        byte[] body = new byte[1000];

        assertThat(UploadBody.read(new ByteArrayInputStream(body), 1000)).hasSize(1000);
    }

    @Test
    void shouldStopAt413AsSoonAsAnEndlessBodyPassesTheLimit() {
        EndlessStream endless = new EndlessStream();

        assertThatThrownBy(() -> UploadBody.read(endless, 200_000)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(413);
            assertThat(e.getMessage()).isEqualTo("The upload is larger than the limit of 200000 bytes.");
        });
        assertThat(endless.served).as("bytes read").isLessThan(200_000 + 64 * 1024 + 1);
    }

    /** A body that never ends, counting what was read of it. */
    private static final class EndlessStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served += len;
            return len;
        }
    }
}
