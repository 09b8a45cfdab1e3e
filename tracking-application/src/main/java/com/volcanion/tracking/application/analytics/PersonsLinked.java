package com.volcanion.tracking.application.analytics;

import java.util.UUID;

/** The read side's identity map of the partner gained links: published in the transaction that made them. */
public record PersonsLinked(UUID partnerId) {
}
