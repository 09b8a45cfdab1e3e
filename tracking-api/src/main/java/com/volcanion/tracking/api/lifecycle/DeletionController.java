package com.volcanion.tracking.api.lifecycle;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.lifecycle.FindDeletionHandler;
import com.volcanion.tracking.application.lifecycle.LiftSuppressionHandler;
import com.volcanion.tracking.application.lifecycle.RequestDeletionCommand;
import com.volcanion.tracking.application.lifecycle.RequestDeletionHandler;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriUtils;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

@RestController
@RequestMapping("/api/partners/{partnerId}")
@Tag(name = "Data lifecycle", description = "GDPR deletions of persons, suppression of their later events, and "
        + "revalidation of stored events after a structure changed")
class DeletionController {

    private final RequestDeletionHandler requestDeletion;
    private final FindDeletionHandler findDeletion;
    private final LiftSuppressionHandler liftSuppression;

    DeletionController(RequestDeletionHandler requestDeletion, FindDeletionHandler findDeletion,
                       LiftSuppressionHandler liftSuppression) {
        this.requestDeletion = requestDeletion;
        this.findDeletion = findDeletion;
        this.liftSuppression = liftSuppression;
    }

    @PostMapping("/deletions")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Erase persons", description = "202 with the job, PENDING. In the background it removes the "
            + "persons' events (write side and read model), profiles and identity links, lowers the hourly counts and "
            + "rebuilds the unique-user counts of the hours and days it touched. With suppress, their later events are "
            + "answered SUPPRESSED and not stored, from this answer on.")
    DeletionResponse request(Actor actor, @PathVariable UUID partnerId, @RequestBody DeletionRequest request) {
        return DeletionResponse.from(requestDeletion.handle(new RequestDeletionCommand(actor, partnerId,
                request.userIds(), request.anonymousIds(), request.suppress())));
    }

    @GetMapping("/deletions/{deletionId}")
    @Operation(summary = "A deletion job and how far it is")
    DeletionResponse find(@PathVariable UUID partnerId, @PathVariable UUID deletionId) {
        return DeletionResponse.from(findDeletion.handle(partnerId, deletionId));
    }

    @DeleteMapping("/suppressions/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Lift a suppression", description = "id is the suppressed userId or anonymousId; its later "
            + "events are stored again. 404 when it is not suppressed.")
    ResponseEntity<Void> lift(Actor actor, @PathVariable UUID partnerId, @PathVariable String id,
                              HttpServletRequest request) {
        // the id as sent: Spring's path variable drops a ";..." part (matrix variables), which would lift another id's
        String uri = request.getRequestURI();
        liftSuppression.handle(actor, partnerId, UriUtils.decode(uri.substring(uri.lastIndexOf('/') + 1),
                StandardCharsets.UTF_8));
        return ResponseEntity.noContent().build();
    }
}
