package com.volcanion.tracking.api.partner;

import com.volcanion.tracking.api.web.OperatorOnly;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Fields left out (or null) stay as they are. {@code active: false} stops ingestion for all systems; only the operator
 * may set {@code active} (a partner token that sends it gets 403).
 */
public record UpdatePartnerRequest(@Schema(maxLength = 200, example = "Acme Shop Ltd") String name,
                                   @Schema(maxLength = 320, example = "ops@acme.example") String email,
                                   @Schema(example = "true", description = "operator only")
                                   @OperatorOnly Boolean active) {
}
