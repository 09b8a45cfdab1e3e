package com.volcanion.tracking.api.partner;

import com.volcanion.tracking.application.PageView;
import com.volcanion.tracking.application.partner.query.PartnerView;

import java.util.List;

/** One page of partners; {@code page} counts from 0. */
public record PartnerPageResponse(List<PartnerResponse> items, int page, int size, long totalItems, int totalPages) {

    public static PartnerPageResponse from(PageView<PartnerView> page) {
        return new PartnerPageResponse(page.items().stream().map(PartnerResponse::from).toList(), page.page(),
                page.size(), page.totalItems(), page.totalPages());
    }
}
