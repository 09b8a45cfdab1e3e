package com.volcanion.tracking.application.lifecycle;

import com.volcanion.tracking.application.Actor;

import java.util.List;
import java.util.UUID;

/** A request to erase persons; either list may be null (none), {@code suppress} null means false. */
public record RequestDeletionCommand(Actor actor, UUID partnerId, List<String> userIds, List<String> anonymousIds,
                                     Boolean suppress) {
}
