package com.volcanion.tracking.hostile;

import com.volcanion.tracking.hostile.HostileIngestion.GeneratedRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostileIngestionTest {

    @Test
    void theSameSeedGivesTheSameRequests() {
        HostileIngestion first = new HostileIngestion(42, "t");
        HostileIngestion second = new HostileIngestion(42, "t");
        for (int i = 0; i < 500; i++) {
            GeneratedRequest a = first.next();
            GeneratedRequest b = second.next();
            assertThat(a.path()).isEqualTo(b.path());
            assertThat(a.body()).isEqualTo(b.body());
        }
    }

    /** Only the corrupted requests carry bytes that are not UTF-8: lone surrogates travel as JSON escapes. */
    @Test
    void encodesEveryOtherRequestAsValidUtf8AndReachesTheEdgesItClaims() {
        HostileIngestion input = new HostileIngestion(7, "t");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            GeneratedRequest request = input.next();
            if (request.kind().startsWith("corrupted")) {
                continue;
            }
            try {
                bodies.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(request.body())).toString());
            } catch (CharacterCodingException e) {
                throw new AssertionError("not UTF-8: " + request.bodyText(), e);
            }
        }
        String all = String.join("\n", bodies);
        assertThat(all).contains("\\ud800", "\\u0000", "1e400", "1e-16384", "+10000-01-01T00:00:00Z",
                "\"n\":{\"n\":", "😀", "\"events\":[");
    }
}
