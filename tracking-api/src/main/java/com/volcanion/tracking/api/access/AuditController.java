package com.volcanion.tracking.api.access;

import com.volcanion.tracking.application.access.FindAuditRecordsHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.UUID;

@RestController
@Tag(name = "Audit trail", description = "Every change made through the management API")
class AuditController {

    private final FindAuditRecordsHandler findRecords;

    AuditController(FindAuditRecordsHandler findRecords) {
        this.findRecords = findRecords;
    }

    @GetMapping("/api/partners/{partnerId}/audit")
    @Operation(summary = "A partner's audit trail, newest first",
            description = "Changes by the operator and by the partner's tokens: who (operator or token:<id>), what, "
                    + "to what, with details that never hold a credential. from inclusive, to exclusive; limit 1..1000 "
                    + "(default 100); pass nextCursor as cursor for the next page. A change appears once it commits.")
    AuditPageResponse audit(@PathVariable UUID partnerId,
                            @Parameter(description = "Records at or after this time (inclusive)")
                            @RequestParam(required = false) OffsetDateTime from,
                            @Parameter(description = "Records before this time (exclusive)")
                            @RequestParam(required = false) OffsetDateTime to,
                            @Parameter(description = "Records per page, 1..1000")
                            @RequestParam(defaultValue = "100") int limit,
                            @Parameter(description = "The nextCursor of the previous page")
                            @RequestParam(required = false) String cursor) {
        return AuditPageResponse.from(findRecords.handle(partnerId, from == null ? null : from.toInstant(),
                to == null ? null : to.toInstant(), limit, cursor));
    }
}
