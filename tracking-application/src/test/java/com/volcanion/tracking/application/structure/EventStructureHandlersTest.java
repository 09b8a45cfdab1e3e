package com.volcanion.tracking.application.structure;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.structure.EventSchemaChecker.InvalidEventSchemaException;
import com.volcanion.tracking.application.port.InMemoryPartnerRepository;
import com.volcanion.tracking.application.structure.command.DefineEventStructureCommand;
import com.volcanion.tracking.application.structure.command.DefineEventStructureHandler;
import com.volcanion.tracking.application.structure.command.RemoveEventStructureCommand;
import com.volcanion.tracking.application.structure.command.RemoveEventStructureHandler;
import com.volcanion.tracking.application.structure.query.FindEventStructuresHandler;
import com.volcanion.tracking.application.structure.query.FindEventStructuresQuery;
import com.volcanion.tracking.domain.partner.PartnerEvent.EventStructureChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.EventStructureRemoved;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.volcanion.tracking.domain.partner.PartnerBuilder.FIXED_CLOCK;
import static com.volcanion.tracking.domain.partner.PartnerBuilder.aPartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventStructureHandlersTest {

    /** Stands in for the JSON Schema library: strips spaces, and calls a schema holding "bad" invalid. */
    private final EventSchemaChecker checker = schema -> {
        if (schema.contains("bad")) {
            throw new InvalidEventSchemaException(List.of("$.type: does not match"));
        }
        return schema.replace(" ", "");
    };
    private final InMemoryPartnerRepository partners = new InMemoryPartnerRepository();
    private final DefineEventStructureHandler define =
            new DefineEventStructureHandler(partners, checker, FIXED_CLOCK);
    private UUID partnerId;

    @BeforeEach
    void aPartner_() {
        var partner = aPartner().build();
        partners.save(partner, Actor.OPERATOR);
        partnerId = partner.id();
    }

    @Test
    void createsThenChangesAStructureAndPublishesEachVersion() {
        var created = define.handle(new DefineEventStructureCommand(Actor.OPERATOR, partnerId, "Order Completed", "{\"type\": \"object\"}", null));
        var unchanged = define.handle(new DefineEventStructureCommand(Actor.OPERATOR, partnerId, "Order Completed", "{\"type\":\"object\"}", null));
        var changed = define.handle(new DefineEventStructureCommand(Actor.OPERATOR, partnerId, "Order Completed", "{\"type\":\"object\",\"required\":[\"a\"]}", null));

        assertThat(created.created()).isTrue();
        assertThat(created.structure().version()).isEqualTo(1);
        assertThat(unchanged.created()).isFalse();
        assertThat(unchanged.structure().version()).as("same schema, other spacing").isEqualTo(1);
        assertThat(changed.structure().version()).isEqualTo(2);
        assertThat(partners.publishedChanges()).containsExactly(
                new EventStructureChanged(partnerId, "Order Completed", 1),
                new EventStructureChanged(partnerId, "Order Completed", 2));
    }

    @Test
    void refusesAnInvalidSchemaAndStoresNothing() {
        assertThatThrownBy(() -> define.handle(new DefineEventStructureCommand(Actor.OPERATOR, partnerId, "X", "{\"type\":\"bad\"}", null)))
                .isInstanceOf(InvalidEventSchemaException.class);
        assertThat(new FindEventStructuresHandler(partners).handle(new FindEventStructuresQuery(partnerId))).isEmpty();
    }

    @Test
    void removesAStructureAndAnswersNotFoundTheSecondTime() {
        define.handle(new DefineEventStructureCommand(Actor.OPERATOR, partnerId, "Signed Up", "{}", null));
        var remove = new RemoveEventStructureHandler(partners);

        remove.handle(new RemoveEventStructureCommand(Actor.OPERATOR, partnerId, "Signed Up"));

        assertThat(partners.publishedChanges()).last().isEqualTo(new EventStructureRemoved(partnerId, "Signed Up"));
        assertThatThrownBy(() -> remove.handle(new RemoveEventStructureCommand(Actor.OPERATOR, partnerId, "Signed Up")))
                .isInstanceOf(NotFoundException.class);
    }
}
