package com.volcanion.tracking.domain.event;

/** Why an event's properties break its event structure: a JSON path into {@code properties} and a message. */
public record ValidationError(String path, String message) {
}
