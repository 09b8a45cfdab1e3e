package com.volcanion.tracking.application.port;

class InMemoryPartnerRepositoryTest extends PartnerRepositoryContract {

    private final InMemoryPartnerRepository repository = new InMemoryPartnerRepository();

    @Override
    protected PartnerRepository repository() {
        return repository;
    }
}
