package com.volcanion.tracking.application.query;

import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.Require;

import java.util.UUID;

/** A partner's user by userId: 404 for an unknown partner, and for a user no identify or alias call named. */
public class GetUserProfileHandler {

    private final PartnerRepository partners;
    private final UserProfiles profiles;

    public GetUserProfileHandler(PartnerRepository partners, UserProfiles profiles) {
        this.partners = partners;
        this.profiles = profiles;
    }

    public UserProfileView handle(UUID partnerId, String userId) {
        partners.require(partnerId);
        Require.storable("userId", userId);
        return profiles.find(partnerId, userId).orElseThrow(() -> new NotFoundException("user", userId));
    }
}
