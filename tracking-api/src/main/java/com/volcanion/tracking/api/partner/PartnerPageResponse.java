package com.volcanion.tracking.api.partner;

import io.swagger.v3.oas.annotations.media.Schema;
import com.volcanion.tracking.application.PageView;
import com.volcanion.tracking.application.partner.query.PartnerView;

import java.util.List;

/** One page of partners; {@code page} counts from 0. */
public record PartnerPageResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<PartnerResponse> items,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0") int page,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "20") int size,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "42") long totalItems,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "3") int totalPages) {

    public static PartnerPageResponse from(PageView<PartnerView> page) {
        return new PartnerPageResponse(page.items().stream().map(PartnerResponse::from).toList(), page.page(),
                page.size(), page.totalItems(), page.totalPages());
    }
}
