package com.volcanion.tracking.application.query;

import java.util.Optional;
import java.util.UUID;

/** The read side's user profiles. */
public interface UserProfiles {

    Optional<UserProfileView> find(UUID partnerId, String userId);
}
