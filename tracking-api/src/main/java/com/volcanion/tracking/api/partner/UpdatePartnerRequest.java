package com.volcanion.tracking.api.partner;

import com.volcanion.tracking.api.web.OperatorOnly;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Fields left out (or null) stay as they are. {@code active: false} stops ingestion for all systems. Only the operator
 * may set {@code active} and {@code email} (a partner token that sends either gets 403): emails are unique, so a
 * partner token that could set one would learn from a 409 which emails other partners use.
 */
public record UpdatePartnerRequest(@Schema(maxLength = 200, example = "Acme Shop Ltd") String name,
                                   @Schema(maxLength = 320, example = "ops@acme.example", description = "operator only")
                                   @OperatorOnly String email,
                                   @Schema(example = "true", description = "operator only")
                                   @OperatorOnly Boolean active) {
}
