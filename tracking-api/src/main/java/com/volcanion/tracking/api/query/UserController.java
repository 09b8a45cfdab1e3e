package com.volcanion.tracking.api.query;

import com.volcanion.tracking.application.query.GetUserProfileHandler;
import com.volcanion.tracking.application.query.UserProfileView;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "Users", description = "Profiles that identify and alias calls keep (eventually consistent: within seconds)")
class UserController {

    private final GetUserProfileHandler getUser;

    UserController(GetUserProfileHandler getUser) {
        this.getUser = getUser;
    }

    @GetMapping("/api/partners/{partnerId}/users/{userId}")
    @Operation(summary = "One user's profile", description = "Traits merged over identify calls (the later call by "
            + "event time wins per key), every anonymousId an identify or alias linked to it, and the time span of "
            + "those calls. 404 for a userId no identify or alias call named.")
    UserResponse user(@PathVariable UUID partnerId, @PathVariable String userId) {
        return UserResponse.from(getUser.handle(partnerId, userId));
    }

    record UserResponse(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "u-42") String userId,
            @JsonRawValue @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = "object",
                    example = "{\"email\":\"ada@acme.example\",\"plan\":\"pro\"}") String traits,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[\"a-9\"]") List<String> anonymousIds,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant firstSeen,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-25T08:30:00Z") Instant lastSeen) {

        static UserResponse from(UserProfileView view) {
            return new UserResponse(view.userId(), view.traits(), view.anonymousIds(), view.firstSeen(), view.lastSeen());
        }
    }
}
