package com.volcanion.tracking.api.structure;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.structure.command.DefineEventStructureCommand;
import com.volcanion.tracking.application.structure.command.DefineEventStructureHandler;
import com.volcanion.tracking.application.structure.command.DefinedEventStructure;
import com.volcanion.tracking.application.structure.command.RemoveEventStructureCommand;
import com.volcanion.tracking.application.structure.command.RemoveEventStructureHandler;
import com.volcanion.tracking.application.structure.query.FindEventStructuresHandler;
import com.volcanion.tracking.application.structure.query.FindEventStructuresQuery;
import com.volcanion.tracking.application.structure.query.GetEventStructureHandler;
import com.volcanion.tracking.application.structure.query.GetEventStructureQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/partners/{partnerId}/event-structures")
@Tag(name = "Event structures", description = "JSON Schemas that a partner's events are checked against")
class EventStructureController {

    private final DefineEventStructureHandler defineStructure;
    private final RemoveEventStructureHandler removeStructure;
    private final GetEventStructureHandler getStructure;
    private final FindEventStructuresHandler findStructures;

    EventStructureController(DefineEventStructureHandler defineStructure, RemoveEventStructureHandler removeStructure,
                             GetEventStructureHandler getStructure, FindEventStructuresHandler findStructures) {
        this.defineStructure = defineStructure;
        this.removeStructure = removeStructure;
        this.getStructure = getStructure;
        this.findStructures = findStructures;
    }

    @PutMapping("/{eventName}")
    @Operation(summary = "Create or replace the structure of an event name",
            description = "201 when new, 200 when replaced; the version grows only when schema or description change. "
                    + "A schema that is not a valid JSON Schema is a 400.",
            responses = {
                    @ApiResponse(responseCode = "201", description = "A new structure, version 1",
                            useReturnTypeSchema = true),
                    @ApiResponse(responseCode = "200", description = "The structure, replaced (its version grew if it "
                            + "changed)", useReturnTypeSchema = true)})
    ResponseEntity<EventStructureResponse> put(Actor actor, @PathVariable UUID partnerId, @PathVariable String eventName,
                                               @RequestBody PutEventStructureRequest request) {
        String schema = request.schema() == null || request.schema().isNull() ? null : request.schema().toString();
        DefinedEventStructure defined = defineStructure.handle(
                new DefineEventStructureCommand(actor, partnerId, eventName, schema, request.description()));
        return ResponseEntity.status(defined.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(EventStructureResponse.from(defined.structure()));
    }

    @GetMapping
    @Operation(summary = "List a partner's event structures, by event name")
    List<EventStructureResponse> list(@PathVariable UUID partnerId) {
        return findStructures.handle(new FindEventStructuresQuery(partnerId)).stream()
                .map(EventStructureResponse::from).toList();
    }

    @GetMapping("/{eventName}")
    @Operation(summary = "Read one event structure")
    EventStructureResponse get(@PathVariable UUID partnerId, @PathVariable String eventName) {
        return EventStructureResponse.from(getStructure.handle(new GetEventStructureQuery(partnerId, eventName)));
    }

    @DeleteMapping("/{eventName}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove an event structure", description = "Events of that name are then stored as valid.")
    ResponseEntity<Void> delete(Actor actor, @PathVariable UUID partnerId, @PathVariable String eventName) {
        removeStructure.handle(new RemoveEventStructureCommand(actor, partnerId, eventName));
        return ResponseEntity.noContent().build();
    }
}
