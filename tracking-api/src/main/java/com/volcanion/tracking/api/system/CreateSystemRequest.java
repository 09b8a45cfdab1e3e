package com.volcanion.tracking.api.system;

import com.volcanion.tracking.domain.partner.SystemType;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

public record CreateSystemRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Web shop") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "WEBSITE") SystemType type,
        @Schema(description = "Origins browsers may post events from", example = "[\"https://shop.acme.example\"]")
        List<String> allowedOrigins) {
}
