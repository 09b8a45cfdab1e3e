package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.port.PartnerEventPublisher;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;

public class RotateApiKeyHandler {

    private final PartnerRepository partners;
    private final PartnerEventPublisher events;
    private final Clock clock;

    public RotateApiKeyHandler(PartnerRepository partners, PartnerEventPublisher events, Clock clock) {
        this.partners = partners;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public RotatedApiKey handle(RotateApiKeyCommand command) {
        Partner partner = partners.requireOwnerOf(command.systemId());
        ApiKey newKey = partner.rotateSystemKey(command.systemId(), Duration.ofSeconds(command.gracePeriodSeconds()), clock);
        partners.save(partner);
        events.publish(partner.pullEvents());
        return new RotatedApiKey(newKey.value(), newKey.displayPrefix(),
                partner.system(command.systemId()).orElseThrow().previousKeyValidUntil());
    }
}
