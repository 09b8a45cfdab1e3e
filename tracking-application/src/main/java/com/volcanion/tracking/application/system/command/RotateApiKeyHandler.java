package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;

public class RotateApiKeyHandler {

    private final PartnerRepository partners;
    private final Clock clock;

    public RotateApiKeyHandler(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    @Transactional
    public RotatedApiKey handle(RotateApiKeyCommand command) {
        Partner partner = partners.requireOwnerOf(command.systemId());
        ApiKey newKey = partner.rotateSystemKey(command.systemId(), Duration.ofSeconds(command.gracePeriodSeconds()), clock);
        partners.save(partner, command.actor());
        return new RotatedApiKey(newKey.value(), newKey.displayPrefix(),
                partner.system(command.systemId()).orElseThrow().previousKeyValidUntil());
    }
}
