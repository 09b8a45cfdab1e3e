package com.volcanion.tracking.application.structure.command;

import com.volcanion.tracking.application.structure.EventSchemaChecker;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.application.structure.query.EventStructureView;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

import java.time.Clock;

public class DefineEventStructureHandler {

    private final PartnerRepository partners;
    private final EventSchemaChecker schemas;
    private final Clock clock;

    public DefineEventStructureHandler(PartnerRepository partners, EventSchemaChecker schemas, Clock clock) {
        this.partners = partners;
        this.schemas = schemas;
        this.clock = clock;
    }

    @Transactional
    public DefinedEventStructure handle(DefineEventStructureCommand command) {
        Partner partner = partners.require(command.partnerId());
        String canonicalSchema = schemas.canonicalize(command.schema());
        Partner.StructureDefinition definition =
                partner.defineEventStructure(command.eventName(), canonicalSchema, command.description(), clock);
        partners.save(partner, command.actor());
        return new DefinedEventStructure(EventStructureView.from(definition.structure()), definition.created());
    }
}
