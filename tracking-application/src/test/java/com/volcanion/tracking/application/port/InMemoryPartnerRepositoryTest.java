package com.volcanion.tracking.application.port;

import com.volcanion.tracking.domain.partner.PartnerEvent;

import java.util.List;

class InMemoryPartnerRepositoryTest extends PartnerRepositoryContract {

    private final InMemoryPartnerRepository repository = new InMemoryPartnerRepository();

    @Override
    protected PartnerRepository repository() {
        return repository;
    }

    @Override
    protected List<PartnerEvent> published() {
        return repository.published();
    }
}
