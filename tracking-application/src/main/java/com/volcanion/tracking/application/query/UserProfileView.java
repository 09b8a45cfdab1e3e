package com.volcanion.tracking.application.query;

import java.time.Instant;
import java.util.List;

/**
 * A user's profile as identify and alias calls made it: merged traits (a JSON object text), every anonymousId it
 * was linked with, and the time span of those calls.
 */
public record UserProfileView(String userId, String traits, List<String> anonymousIds, Instant firstSeen,
                              Instant lastSeen) {

    public UserProfileView {
        anonymousIds = List.copyOf(anonymousIds);
    }
}
