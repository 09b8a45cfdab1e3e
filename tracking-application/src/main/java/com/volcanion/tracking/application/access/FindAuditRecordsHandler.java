package com.volcanion.tracking.application.access;

import com.volcanion.tracking.application.KeysetCursor;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.application.port.AuditTrail.AuditRecord;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.event.EventTime;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A partner's audit trail, newest first, a page at a time. */
public class FindAuditRecordsHandler {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final String CURSOR_TAG = "a1";

    private final PartnerRepository partners;
    private final AuditTrail audit;

    public FindAuditRecordsHandler(PartnerRepository partners, AuditTrail audit) {
        this.partners = partners;
        this.audit = audit;
    }

    /** {@code from} inclusive, {@code to} exclusive, each optional; {@code cursor} is a previous page's nextCursor. */
    public AuditPage handle(UUID partnerId, Instant from, Instant to, int limit, String cursor) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new DomainRuleViolation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        Instant start = EventTime.clamp(from);
        Instant end = EventTime.clamp(to);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new DomainRuleViolation("from", "must be before to");
        }
        AuditTrail.RecordPosition after = cursor == null ? null
                : KeysetCursor.decode(CURSOR_TAG, cursor, AuditTrail.RecordPosition::new);
        partners.require(partnerId);
        List<AuditRecord> found = audit.find(partnerId, start, end, after, limit + 1);
        boolean more = found.size() > limit;
        List<AuditRecord> items = more ? found.subList(0, limit) : found;
        return new AuditPage(items, more ? cursorAfter(items.getLast().position()) : null);
    }

    private static String cursorAfter(AuditTrail.RecordPosition last) {
        return KeysetCursor.encode(CURSOR_TAG, last.at(), last.id());
    }

    public record AuditPage(List<AuditRecord> items, String nextCursor) {
    }
}
