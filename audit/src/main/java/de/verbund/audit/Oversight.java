package de.verbund.audit;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import de.verbund.access.subject.Subject;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The questions oversight asks of the trail (LED Art. 25, § 76 BDSG, § 81 BKAG), for the JSON API and the web UI
 * alike: each answer is recorded in the trail first ({@code OVERSIGHT_QUERY}), so that the controllers of oversight
 * are themselves controlled. Answers carry ids, actors, actions, purposes and outcomes, never report content.
 */
@Service
public class Oversight {

    /** Upper bound of one page of events. */
    public static final int MAX_PAGE = 1000;

    private final AuditLog log;
    private final AuditTrail trail;
    private final AuditKeys keys;

    Oversight(AuditLog log, AuditTrail trail, AuditKeys keys) {
        this.log = log;
        this.trail = trail;
        this.keys = keys;
    }

    /** A page of events; {@code nextAfter} continues after the last one, absent on the last page. */
    public record EventPage(List<AuditLog.Event> events, @Nullable Long nextAfter) {}

    public EventPage events(Subject subject, AuditLog.Filter filter, long after, int limit) {
        int bounded = Math.max(1, Math.min(limit, MAX_PAGE));
        audit(subject, "events", filter.toString());
        List<AuditLog.Event> events = log.events(filter, after, bounded);
        return new EventPage(events, events.size() == bounded ? events.getLast().seq() : null);
    }

    public List<AuditLog.Consultation> whoSaw(Subject subject, String reportId) {
        audit(subject, "who saw report", reportId);
        return log.whoSaw(reportId);
    }

    public List<AuditLog.Event> actorEvents(Subject subject, String actor, long after, int limit) {
        audit(subject, "what did user do", actor);
        return log.events(new AuditLog.Filter(actor, null, null, null, null, null, null), after,
                Math.max(1, Math.min(limit, MAX_PAGE)));
    }

    public List<AuditLog.AuthorityConsultations> consultations(Subject subject) {
        audit(subject, "consultations per authority and month", null);
        return log.consultationsPerAuthority();
    }

    /** Unusual access between {@code from} and {@code to} (default: the last 30 days). */
    public AuditLog.Anomalies anomalies(Subject subject, @Nullable Instant from, @Nullable Instant to, int maxPerWindow,
                                        int windowMinutes, LocalTime workStart, LocalTime workEnd) {
        audit(subject, "anomalies", "maxPerWindow=" + maxPerWindow + " windowMinutes=" + windowMinutes);
        return log.anomalies(from == null ? Instant.now().minusSeconds(30L * 86400) : from, to == null ? Instant.now() : to,
                maxPerWindow, Math.max(1, windowMinutes), workStart, workEnd);
    }

    public List<AuditLog.Checkpoint> checkpoints(Subject subject) {
        audit(subject, "checkpoints", null);
        return log.checkpoints();
    }

    public Optional<AuditLog.Checkpoint> latestCheckpoint(Subject subject) {
        audit(subject, "latest checkpoint", null);
        return log.latestCheckpoint();
    }

    public List<String> consistencyProof(Subject subject, long from, long to) {
        audit(subject, "consistency proof", from + ".." + to);
        return log.consistencyProof(from, to);
    }

    /** The key that verifies checkpoints; public, so not audited. */
    public String verifierKey() {
        return keys.verifierKey();
    }

    /**
     * Records the export before it starts; the caller then writes it with {@link #writeExport}, typically from a
     * streaming response after the request thread has returned.
     */
    public void auditExport(Subject subject, AuditLog.Filter filter) {
        audit(subject, "export", filter.toString());
    }

    public long writeExport(AuditLog.Filter filter, Writer out) throws IOException {
        return log.export(filter, out);
    }

    private void audit(Subject subject, String query, @Nullable String detail) {
        trail.record(AuditEvent.by(subject, AuditAction.OVERSIGHT_QUERY).rule("ROLE_OVERSIGHT")
                .detail(query + (detail == null ? "" : ": " + detail)).outcome(AuditOutcome.OK));
    }

    /** A time of day of the working hours, {@code HH:MM}. */
    public static LocalTime time(String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidOversightQuery("working hours are HH:MM (07:00)");
        }
    }

    /** A day ({@code 2026-11-28}, from its start in UTC) or an instant; blank is no bound. */
    public static @Nullable Instant instant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidOversightQuery("times are ISO-8601 (2026-11-28 or 2026-11-28T10:00:00Z)");
        }
    }
}
