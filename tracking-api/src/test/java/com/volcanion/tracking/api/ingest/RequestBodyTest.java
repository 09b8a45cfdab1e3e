package com.volcanion.tracking.api.ingest;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a request body is read: the limit counts inflated bytes, and a bomb is refused having read only its start. */
class RequestBodyTest {

    @Test
    void refusesAGzipBombAtTheLimitHavingReadOnlyTheStartOfIt() throws IOException {
        byte[] bomb = gzipOfZeros(256 * 1024 * 1024);   // 256 MiB inflated, about 250 KiB sent
        CountingBody body = new CountingBody(bomb);

        assertThatThrownBy(() -> Ingestion.readBody(gzipRequest(body), IngestionLimits.MAX_BATCH_BYTES))
                .isInstanceOf(PayloadTooLargeException.class);
        // 2 MiB of zeros inflate from about 2 KiB: what was read is a few buffers, not the 250 KiB sent
        assertThat(body.read).isLessThan(64 * 1024).isLessThan(bomb.length / 4);
    }

    @Test
    void inflatesABodyUpToTheLimitExactly() throws IOException {
        byte[] atTheLimit = gzipOfZeros(IngestionLimits.MAX_EVENT_BYTES);
        byte[] overIt = gzipOfZeros(IngestionLimits.MAX_EVENT_BYTES + 1);

        assertThat(Ingestion.readBody(gzipRequest(new CountingBody(atTheLimit)), IngestionLimits.MAX_EVENT_BYTES))
                .hasSize(IngestionLimits.MAX_EVENT_BYTES);
        assertThatThrownBy(() -> Ingestion.readBody(gzipRequest(new CountingBody(overIt)), IngestionLimits.MAX_EVENT_BYTES))
                .isInstanceOf(PayloadTooLargeException.class);
    }

    private static MockHttpServletRequest gzipRequest(CountingBody body) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/batch") {
            @Override
            public ServletInputStream getInputStream() {
                return body;
            }
        };
        request.addHeader("Content-Encoding", "gzip");
        return request;
    }

    private static byte[] gzipOfZeros(int length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(out)) {
            byte[] zeros = new byte[64 * 1024];
            for (int left = length; left > 0; left -= zeros.length) {
                gzip.write(zeros, 0, Math.min(left, zeros.length));
            }
        }
        return out.toByteArray();
    }

    /** A request body that counts the bytes taken from it. */
    private static final class CountingBody extends ServletInputStream {
        private final ByteArrayInputStream bytes;
        long read;

        CountingBody(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            int b = bytes.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            int n = bytes.read(buffer, offset, length);
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException();
        }
    }
}
