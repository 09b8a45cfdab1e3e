package com.volcanion.tracking.domain.credential;

import com.volcanion.tracking.domain.apikey.ApiKey;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PartnerTokenTest {

    @Test
    void issuesTokensOfTheDocumentedShapeThatParseBack() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            PartnerToken token = PartnerToken.generate();
            assertThat(token.value()).matches("vtp_[0-9A-Za-z]{32}[0-9A-Za-z]{6}");
            assertThat(PartnerToken.parse(token.value())).isPresent();
            assertThat(token.hash()).matches("[0-9a-f]{64}").isEqualTo(SecretFormat.sha256Hex(token.value()));
            assertThat(token.displayPrefix()).hasSize(10);
            assertThat(token.toString()).doesNotContain(token.value());
            seen.add(token.value());
        }
        assertThat(seen).hasSize(1000);
    }

    /** Every one-character change of a token (seeded, 5,000 of them) fails its checksum or its shape. */
    @Test
    void refusesEveryOneCharacterTypo() {
        Random random = new Random(18);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-é ";
        for (int i = 0; i < 5000; i++) {
            String token = PartnerToken.generate().value();
            int at = random.nextInt(token.length());
            char replacement = alphabet.charAt(random.nextInt(alphabet.length()));
            if (replacement == token.charAt(at)) {
                continue;
            }
            String typo = token.substring(0, at) + replacement + token.substring(at + 1);
            assertThat(PartnerToken.parse(typo)).as(typo).isEmpty();
        }
    }

    @Test
    void anApiKeyIsNoPartnerTokenAndTheOtherWayRound() {
        String apiKey = ApiKey.generate().value();
        String token = PartnerToken.generate().value();

        assertThat(PartnerToken.parse(apiKey)).isEmpty();
        assertThat(PartnerToken.parse("vtp_" + apiKey.substring(3))).isEmpty();
        assertThat(ApiKey.parse(token)).isEmpty();
        assertThat(PartnerToken.parse(null)).isEmpty();
        assertThat(PartnerToken.parse("")).isEmpty();
        assertThat(PartnerToken.parse(token + "x")).isEmpty();
    }
}
