package com.volcanion.tracking.api.system;

import com.volcanion.tracking.api.web.OperatorOnly;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Fields left out (or null) stay as they are. {@code active: false} makes the key answer 401 at once.
 * {@code rateLimitPerSecond} (1..1000000) gives the system's key its own limit in events per second; only the operator may set it (a partner token that
 * sends it gets 403).
 */
public record UpdateSystemRequest(@Schema(maxLength = 200, example = "Web shop (EU)") String name,
                                  @Schema(example = "true") Boolean active,
                                  @Schema(example = "[\"https://shop.acme.example\"]") List<String> allowedOrigins,
                                  @Schema(minimum = "1", maximum = "1000000", example = "5000",
                                          description = "operator only")
                                  @OperatorOnly Integer rateLimitPerSecond) {
}
