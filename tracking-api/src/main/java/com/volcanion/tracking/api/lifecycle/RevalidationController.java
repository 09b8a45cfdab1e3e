package com.volcanion.tracking.api.lifecycle;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.lifecycle.FindRevalidationHandler;
import com.volcanion.tracking.application.lifecycle.RequestRevalidationHandler;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

@RestController
@RequestMapping("/api/partners/{partnerId}/event-structures/{eventName}/revalidations")
@Tag(name = "Data lifecycle", description = "GDPR deletions of persons, suppression of their later events, and "
        + "revalidation of stored events after a structure changed")
class RevalidationController {

    private final RequestRevalidationHandler requestRevalidation;
    private final FindRevalidationHandler findRevalidation;

    RevalidationController(RequestRevalidationHandler requestRevalidation, FindRevalidationHandler findRevalidation) {
        this.requestRevalidation = requestRevalidation;
        this.findRevalidation = findRevalidation;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Check stored events again against the structure as it is now", description = "202 with the "
            + "job, PENDING. In the background it checks the stored events of this name (with an event time in [from, "
            + "to)) that an older version checked, and updates valid, validationErrors and the schema version on both "
            + "sides and the statistics' invalid counts. 404 when the name has no structure.")
    RevalidationResponse request(Actor actor, @PathVariable UUID partnerId, @PathVariable String eventName,
                                 @RequestBody(required = false) RevalidationRequest request) {
        RevalidationRequest range = request == null ? new RevalidationRequest(null, null) : request;
        return RevalidationResponse.from(requestRevalidation.handle(actor, partnerId, eventName, range.from(),
                range.to()));
    }

    @GetMapping("/{revalidationId}")
    @Operation(summary = "A revalidation job and how far it is")
    RevalidationResponse find(@PathVariable UUID partnerId, @PathVariable String eventName,
                              @PathVariable UUID revalidationId) {
        return RevalidationResponse.from(findRevalidation.handle(partnerId, eventName, revalidationId));
    }
}
