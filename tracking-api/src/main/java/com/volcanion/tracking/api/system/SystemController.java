package com.volcanion.tracking.api.system;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.system.command.RegisterSystemCommand;
import com.volcanion.tracking.application.system.command.RegisterSystemHandler;
import com.volcanion.tracking.application.system.command.RegisteredSystem;
import com.volcanion.tracking.application.system.command.RotateApiKeyCommand;
import com.volcanion.tracking.application.system.command.RotateApiKeyHandler;
import com.volcanion.tracking.application.system.command.UpdateSystemCommand;
import com.volcanion.tracking.application.system.command.UpdateSystemHandler;
import com.volcanion.tracking.application.system.query.FindSystemsHandler;
import com.volcanion.tracking.application.system.query.FindSystemsQuery;
import com.volcanion.tracking.application.system.query.GetSystemHandler;
import com.volcanion.tracking.application.system.query.GetSystemQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "Systems", description = "Where a partner sends events from, and their API keys")
class SystemController {

    private final RegisterSystemHandler registerSystem;
    private final UpdateSystemHandler updateSystem;
    private final RotateApiKeyHandler rotateApiKey;
    private final GetSystemHandler getSystem;
    private final FindSystemsHandler findSystems;

    SystemController(RegisterSystemHandler registerSystem, UpdateSystemHandler updateSystem,
                     RotateApiKeyHandler rotateApiKey, GetSystemHandler getSystem, FindSystemsHandler findSystems) {
        this.registerSystem = registerSystem;
        this.updateSystem = updateSystem;
        this.rotateApiKey = rotateApiKey;
        this.getSystem = getSystem;
        this.findSystems = findSystems;
    }

    @PostMapping("/api/partners/{partnerId}/systems")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a system", description = "The answer holds the API key; it is never shown again.")
    ResponseEntity<CreatedSystemResponse> create(Actor actor, @PathVariable UUID partnerId,
                                                 @RequestBody CreateSystemRequest request) {
        RegisteredSystem registered = registerSystem.handle(
                new RegisterSystemCommand(actor, partnerId, request.name(), request.type(), request.allowedOrigins()));
        var location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/systems/{id}")
                .buildAndExpand(registered.system().id()).toUri();
        return ResponseEntity.created(location).body(CreatedSystemResponse.from(registered));
    }

    @GetMapping("/api/partners/{partnerId}/systems")
    @Operation(summary = "List a partner's systems")
    List<SystemResponse> list(@PathVariable UUID partnerId) {
        return findSystems.handle(new FindSystemsQuery(partnerId)).stream().map(SystemResponse::from).toList();
    }

    @GetMapping("/api/systems/{systemId}")
    @Operation(summary = "Read a system")
    SystemResponse get(@PathVariable UUID systemId) {
        return SystemResponse.from(getSystem.handle(new GetSystemQuery(systemId)));
    }

    @PatchMapping("/api/systems/{systemId}")
    @Operation(summary = "Change a system", description = "active=false makes its key answer 401 at once, on every node.")
    SystemResponse update(Actor actor, @PathVariable UUID systemId, @RequestBody UpdateSystemRequest request) {
        return SystemResponse.from(updateSystem.handle(
                new UpdateSystemCommand(actor, systemId, request.name(), request.active(), request.allowedOrigins(),
                        request.rateLimitPerSecond())));
    }

    @PostMapping("/api/systems/{systemId}/api-key/rotate")
    @Operation(summary = "Rotate a system's API key",
            description = "With gracePeriodSeconds the previous key keeps working until previousKeyValidUntil.")
    RotatedApiKeyResponse rotate(Actor actor, @PathVariable UUID systemId,
                                 @RequestBody(required = false) RotateApiKeyRequest request) {
        long grace = request == null || request.gracePeriodSeconds() == null ? 0 : request.gracePeriodSeconds();
        return RotatedApiKeyResponse.from(rotateApiKey.handle(new RotateApiKeyCommand(actor, systemId, grace)));
    }
}
