package com.volcanion.tracking.api.access;

import com.volcanion.tracking.api.web.OperatorOnly;
import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.access.FindPartnerTokensHandler;
import com.volcanion.tracking.application.access.IssuePartnerTokenCommand;
import com.volcanion.tracking.application.access.IssuePartnerTokenHandler;
import com.volcanion.tracking.application.access.RevokePartnerTokenHandler;
import io.swagger.v3.oas.annotations.Operation;
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

import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/partners/{partnerId}/tokens")
@Tag(name = "Partner tokens", description = "Bearer tokens that let a partner's admins manage and read that partner only")
class PartnerTokenController {

    private final IssuePartnerTokenHandler issueToken;
    private final RevokePartnerTokenHandler revokeToken;
    private final FindPartnerTokensHandler findTokens;

    PartnerTokenController(IssuePartnerTokenHandler issueToken, RevokePartnerTokenHandler revokeToken,
                           FindPartnerTokensHandler findTokens) {
        this.issueToken = issueToken;
        this.revokeToken = revokeToken;
        this.findTokens = findTokens;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @OperatorOnly
    @Operation(summary = "Issue a partner token", description = "Operator only. The answer holds the token; it is never "
            + "shown again (only its SHA-256 is stored).")
    IssuedTokenResponse issue(Actor actor, @PathVariable UUID partnerId, @RequestBody IssueTokenRequest request) {
        return IssuedTokenResponse.from(issueToken.handle(new IssuePartnerTokenCommand(actor, partnerId, request.name())));
    }

    @GetMapping
    @Operation(summary = "List a partner's tokens, oldest first", description = "Never their values.")
    List<TokenResponse> list(@PathVariable UUID partnerId) {
        return findTokens.handle(partnerId).stream().map(TokenResponse::from).toList();
    }

    @DeleteMapping("/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @OperatorOnly
    @Operation(summary = "Revoke a partner token", description = "Operator only. Refused at its next request, on every "
            + "node.")
    ResponseEntity<Void> revoke(Actor actor, @PathVariable UUID partnerId, @PathVariable UUID tokenId) {
        revokeToken.handle(actor, partnerId, tokenId);
        return ResponseEntity.noContent().build();
    }
}
