package com.volcanion.tracking.domain.apikey;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyTest {

    @Test
    void issuesKeysOfTheDocumentedShape() {
        String key = ApiKey.generate().value();

        assertThat(key).matches("vt_[0-9A-Za-z]{32}[0-9A-Za-z]{6}");
    }

    @Test
    void issuesADifferentKeyEveryTime() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKey.generate(new SecureRandom()).value());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void parsesAKeyItIssued() {
        ApiKey key = ApiKey.generate();

        assertThat(ApiKey.parse(key.value())).contains(key);
    }

    @Test
    void refusesAKeyWithOneCharacterChanged() {
        String key = ApiKey.generate().value();
        char changed = key.charAt(10) == 'a' ? 'b' : 'a';
        String typo = key.substring(0, 10) + changed + key.substring(11);

        assertThat(ApiKey.parse(typo)).isEmpty();
    }

    @Test
    void refusesAnythingThatIsNotAKey() {
        assertThat(ApiKey.parse(null)).isEmpty();
        assertThat(ApiKey.parse("")).isEmpty();
        assertThat(ApiKey.parse("vt_short")).isEmpty();
        assertThat(ApiKey.parse("xx_" + "a".repeat(38))).isEmpty();
        assertThat(ApiKey.parse("vt_" + "-".repeat(38))).isEmpty();
    }

    @Test
    void hashesWithSha256InHex() {
        ApiKey key = ApiKey.generate();

        assertThat(key.hash()).matches("[0-9a-f]{64}").isEqualTo(ApiKey.hashOf(key.value()));
        assertThat(key.hash()).isNotEqualTo(ApiKey.generate().hash());
    }

    @Test
    void neverShowsThePlainKeyInToString() {
        ApiKey key = ApiKey.generate();

        assertThat(key.toString()).doesNotContain(key.value()).contains(key.displayPrefix());
        assertThat(key.displayPrefix()).hasSize(9).startsWith("vt_");
    }

    @Test
    void comparesHashes() {
        ApiKey key = ApiKey.generate();

        assertThat(ApiKey.hashesMatch(key.hash(), key.hash())).isTrue();
        assertThat(ApiKey.hashesMatch(key.hash(), ApiKey.generate().hash())).isFalse();
        assertThat(ApiKey.hashesMatch(key.hash(), null)).isFalse();
    }
}
