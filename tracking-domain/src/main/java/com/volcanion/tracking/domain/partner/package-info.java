/**
 * The Partner aggregate: a company, the systems it sends events from (each with its API key) and its
 * event structures (JSON Schemas for its events). Every change goes through {@link
 * com.volcanion.tracking.domain.partner.Partner}, which records a {@link
 * com.volcanion.tracking.domain.partner.PartnerEvent} for what caches must forget.
 */
package com.volcanion.tracking.domain.partner;
