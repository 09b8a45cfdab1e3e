package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.domain.partner.PartnerEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Renaming a partner or a system rewrites the names in its already-projected rows, in the rename's own
 * transaction (so both commit or neither). It first takes the projector's advisory lock, so no projector batch
 * can copy the old name in between: batches after the rename read the new name.
 */
@Component
public class ReadModelRenames {

    private final JdbcTemplate jdbc;

    public ReadModelRenames(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
    public void onPartnerEvent(PartnerEvent event) {
        switch (event) {
            case PartnerEvent.PartnerRenamed renamed -> {
                lockOutTheProjector();
                jdbc.update("update read.tracking_events_read_model set partner_name = ? where partner_id = ?",
                        renamed.name(), renamed.partnerId());
            }
            case PartnerEvent.SystemRenamed renamed -> {
                lockOutTheProjector();
                jdbc.update("update read.tracking_events_read_model set system_name = ? where partner_system_id = ?",
                        renamed.name(), renamed.systemId());
            }
            default -> {
            }
        }
    }

    private void lockOutTheProjector() {
        jdbc.queryForObject("select pg_advisory_xact_lock(?)::text", String.class, TrackingEventProjector.LOCK_KEY);
    }
}
