package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.application.system.query.SystemView;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

import java.time.Clock;

public class UpdateSystemHandler {

    private final PartnerRepository partners;
    private final Clock clock;

    public UpdateSystemHandler(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    @Transactional
    public SystemView handle(UpdateSystemCommand command) {
        Partner partner = partners.requireOwnerOf(command.systemId());
        if (command.name() != null) {
            partner.renameSystem(command.systemId(), command.name(), clock);
        }
        if (command.active() != null) {
            partner.changeSystemActivation(command.systemId(), command.active(), clock);
        }
        if (command.allowedOrigins() != null) {
            partner.changeSystemOrigins(command.systemId(), command.allowedOrigins(), clock);
        }
        if (command.rateLimitPerSecond() != null) {
            partner.changeSystemRateLimit(command.systemId(), command.rateLimitPerSecond(), clock);
        }
        partners.save(partner, command.actor());
        return SystemView.from(partner.system(command.systemId()).orElseThrow());
    }
}
