package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.domain.partner.MutableClock;
import com.volcanion.tracking.domain.partner.SystemType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthenticateApiKeyHandlerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final InMemoryApiKeyCache cache = new InMemoryApiKeyCache();
    private final Map<String, SystemCredential> database = new HashMap<>();
    private int databaseReads;
    private final SystemCredentials credentials = (hash, now) -> {
        databaseReads++;
        return Optional.ofNullable(database.get(hash));
    };
    private final AuthenticateApiKeyHandler handler = new AuthenticateApiKeyHandler(cache, credentials, clock);
    private final ApiKey key = ApiKey.generate();

    @Test
    void readsTheDatabaseOnceThenTheCache() {
        database.put(key.hash(), credential(true, true, null));

        handler.handle(key.value());
        handler.handle(key.value());

        assertThat(databaseReads).isEqualTo(1);
        assertThat(cache.ttls.get(key.hash())).isEqualTo(Duration.ofHours(1));
        assertThat(cache.entries).containsOnlyKeys(key.hash());
    }

    @Test
    void refusesMalformedKeysWithoutAnyLookup() {
        assertThatThrownBy(() -> handler.handle("vt_not-a-key")).isInstanceOf(InvalidApiKeyException.class);
        assertThatThrownBy(() -> handler.handle(null)).isInstanceOf(InvalidApiKeyException.class);
        assertThat(databaseReads).isZero();
    }

    @Test
    void refusesUnknownInactiveAndExpiredKeysAlike() {
        ApiKey inactivePartner = ApiKey.generate();
        ApiKey inactiveSystem = ApiKey.generate();
        ApiKey expiring = ApiKey.generate();
        database.put(inactivePartner.hash(), credential(false, true, null));
        database.put(inactiveSystem.hash(), credential(true, false, null));
        database.put(expiring.hash(), credential(true, true, clock.instant().plusSeconds(60)));

        assertThat(handler.handle(expiring.value())).isNotNull();
        assertThat(cache.ttls.get(expiring.hash())).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));

        for (ApiKey refused : List.of(ApiKey.generate(), inactivePartner, inactiveSystem, expiring)) {
            assertThatThrownBy(() -> handler.handle(refused.value()))
                    .isInstanceOf(InvalidApiKeyException.class).hasMessage("a valid API key is required");
        }
    }

    @Test
    void refusesAKeyThatBelongsToNoSystemWithoutLookingItUpAgain() {
        ApiKey forged = ApiKey.generate();   // well-formed: the checksum is public

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> handler.handle(forged.value())).isInstanceOf(InvalidApiKeyException.class);
        }

        assertThat(databaseReads).isEqualTo(1);
        ApiKey issued = ApiKey.generate();
        database.put(issued.hash(), credential(true, true, null));
        assertThat(handler.handle(issued.value())).as("a key issued later is taken at once").isNotNull();
    }

    private static SystemCredential credential(boolean partnerActive, boolean systemActive, Instant validUntil) {
        return new SystemCredential(UUID.randomUUID(), UUID.randomUUID(), SystemType.WEBSITE, partnerActive,
                systemActive, List.of(), validUntil, null);
    }
}
