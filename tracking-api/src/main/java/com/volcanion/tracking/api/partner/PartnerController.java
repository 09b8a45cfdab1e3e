package com.volcanion.tracking.api.partner;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.api.web.OperatorOnly;
import com.volcanion.tracking.application.partner.command.RegisterPartnerCommand;
import com.volcanion.tracking.application.partner.command.RegisterPartnerHandler;
import com.volcanion.tracking.application.partner.command.UpdatePartnerCommand;
import com.volcanion.tracking.application.partner.command.UpdatePartnerHandler;
import com.volcanion.tracking.application.partner.query.FindPartnersHandler;
import com.volcanion.tracking.application.partner.query.FindPartnersQuery;
import com.volcanion.tracking.application.partner.query.GetPartnerHandler;
import com.volcanion.tracking.application.partner.query.GetPartnerQuery;
import com.volcanion.tracking.application.partner.query.PartnerView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.util.UUID;

@RestController
@RequestMapping("/api/partners")
@Tag(name = "Partners", description = "Companies that send events")
class PartnerController {

    private final RegisterPartnerHandler registerPartner;
    private final UpdatePartnerHandler updatePartner;
    private final GetPartnerHandler getPartner;
    private final FindPartnersHandler findPartners;

    PartnerController(RegisterPartnerHandler registerPartner, UpdatePartnerHandler updatePartner,
                      GetPartnerHandler getPartner, FindPartnersHandler findPartners) {
        this.registerPartner = registerPartner;
        this.updatePartner = updatePartner;
        this.getPartner = getPartner;
        this.findPartners = findPartners;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @OperatorOnly
    @Operation(summary = "Register a partner", description = "409 when the email is taken. Operator only.")
    ResponseEntity<PartnerResponse> create(Actor actor, @RequestBody CreatePartnerRequest request) {
        PartnerView partner = registerPartner.handle(new RegisterPartnerCommand(actor, request.name(), request.email()));
        var location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(partner.id()).toUri();
        return ResponseEntity.created(location).body(PartnerResponse.from(partner));
    }

    @GetMapping
    @OperatorOnly
    @Operation(summary = "List partners, oldest first",
            description = "page counts from 0; size is 1..200 (default 20). Operator only.")
    PartnerPageResponse list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return PartnerPageResponse.from(findPartners.handle(new FindPartnersQuery(page, size)));
    }

    @GetMapping("/{partnerId}")
    @Operation(summary = "Read a partner")
    PartnerResponse get(@PathVariable UUID partnerId) {
        return PartnerResponse.from(getPartner.handle(new GetPartnerQuery(partnerId)));
    }

    @PatchMapping("/{partnerId}")
    @Operation(summary = "Change a partner", description = "active=false stops ingestion for all its systems at once.")
    PartnerResponse update(Actor actor, @PathVariable UUID partnerId, @RequestBody UpdatePartnerRequest request) {
        return PartnerResponse.from(updatePartner.handle(
                new UpdatePartnerCommand(actor, partnerId, request.name(), request.email(), request.active())));
    }
}
