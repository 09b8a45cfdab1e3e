package com.volcanion.tracking.api.system;

import java.util.List;

/**
 * Fields left out (or null) stay as they are. {@code active: false} makes the key answer 401 at once.
 * {@code rateLimitPerSecond} (1..1000000) gives the system's key its own limit in events per second.
 */
public record UpdateSystemRequest(String name, Boolean active, List<String> allowedOrigins,
                                  Integer rateLimitPerSecond) {
}
