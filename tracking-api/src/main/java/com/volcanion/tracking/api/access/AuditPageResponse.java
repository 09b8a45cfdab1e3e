package com.volcanion.tracking.api.access;

import com.volcanion.tracking.application.access.FindAuditRecordsHandler.AuditPage;
import com.volcanion.tracking.application.port.AuditTrail.AuditRecord;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A page of a partner's audit trail, newest first; {@code nextCursor} is null on the last page. */
public record AuditPageResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<AuditRecordResponse> items,
        @Schema(description = "opaque; null on the last page", example = "YTE6MTc2NDA3ODQwMDAwMDAwMDoxMg")
        String nextCursor) {

    static AuditPageResponse from(AuditPage page) {
        return new AuditPageResponse(page.items().stream().map(AuditRecordResponse::from).toList(), page.nextCursor());
    }

    /** One change: when, who, what, to what, and its details (never a credential). */
    public record AuditRecordResponse(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant at,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "operator, or token:<tokenId>",
                    example = "token:0b8c4a52-61d3-4f7e-9a1b-2c3d4e5f6a7b") String actor,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "system.renamed") String action,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "system:7d0f8e35-2a64-4a6f-b1f5-3d2c1b0a9e8f")
            String target,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "{\"name\": \"Web shop (EU)\"}")
            Map<String, Object> details) {

        static AuditRecordResponse from(AuditRecord record) {
            return new AuditRecordResponse(record.position().at(), record.actor(), record.action(), record.target(), record.details());
        }
    }
}
