package de.verbund.audit.web;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditKeys;
import de.verbund.audit.AuditLog;
import de.verbund.audit.AuditTrail;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.InvalidOversightQuery;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code /api/v1/audit/**}, role {@code oversight} only (LED Art. 25, § 76 BDSG, § 81 BKAG). Every oversight query
 * is itself audited. Answers carry ids, actors, actions, purposes and outcomes, never report content.
 */
@RestController
@RequestMapping("/api/v1/audit")
class OversightController {

    private final AuditLog log;
    private final AuditTrail trail;
    private final AuditKeys keys;

    OversightController(AuditLog log, AuditTrail trail, AuditKeys keys) {
        this.log = log;
        this.trail = trail;
        this.keys = keys;
    }

    /** A page of events; {@code nextAfter} is the {@code after} of the next page, absent on the last one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventPage(List<AuditLog.Event> events, @Nullable Long nextAfter) {}

    record Viewers(String report, List<AuditLog.Consultation> consultations) {}

    record ActorEvents(String actor, List<AuditLog.Event> events) {}

    record Consultations(List<AuditLog.AuthorityConsultations> consultations) {}

    record Checkpoints(String verifierKey, List<AuditLog.Checkpoint> checkpoints) {}

    record ConsistencyProof(long from, long to, List<String> proof) {}

    @GetMapping("/events")
    EventPage events(@RequestParam @Nullable String actor, @RequestParam @Nullable String authority,
                               @RequestParam @Nullable String action, @RequestParam @Nullable String report,
                               @RequestParam @Nullable String caseReference, @RequestParam @Nullable String from,
                               @RequestParam @Nullable String to, @RequestParam(defaultValue = "0") long after,
                               @RequestParam(defaultValue = "100") int limit, @AuthenticationPrincipal Subject subject) {
        AuditLog.Filter filter = new AuditLog.Filter(actor, authority, action, report, caseReference, instant(from), instant(to));
        int bounded = Math.max(1, Math.min(limit, 1000));
        audit(subject, "events", filter.toString());
        List<AuditLog.Event> events = log.events(filter, after, bounded);
        return new EventPage(events, events.size() == bounded ? events.getLast().seq() : null);
    }

    @GetMapping("/reports/{id}/viewers")
    Viewers whoSaw(@PathVariable String id, @AuthenticationPrincipal Subject subject) {
        audit(subject, "who saw report", id);
        return new Viewers(id, log.whoSaw(id));
    }

    @GetMapping("/actors/{actor}/events")
    ActorEvents actor(@PathVariable String actor, @RequestParam(defaultValue = "0") long after,
                              @RequestParam(defaultValue = "100") int limit, @AuthenticationPrincipal Subject subject) {
        audit(subject, "what did user do", actor);
        return new ActorEvents(actor, log.events(new AuditLog.Filter(actor, null, null, null, null, null, null),
                after, Math.max(1, Math.min(limit, 1000))));
    }

    @GetMapping("/consultations")
    Consultations consultations(@AuthenticationPrincipal Subject subject) {
        audit(subject, "consultations per authority and month", null);
        return new Consultations(log.consultationsPerAuthority());
    }

    @GetMapping("/anomalies")
    AuditLog.Anomalies anomalies(@RequestParam @Nullable String from, @RequestParam @Nullable String to,
                                  @RequestParam(defaultValue = "50") int maxPerWindow,
                                  @RequestParam(defaultValue = "10") int windowMinutes,
                                  @RequestParam(defaultValue = "07:00") String workStart,
                                  @RequestParam(defaultValue = "19:00") String workEnd, @AuthenticationPrincipal Subject subject) {
        Instant f = instant(from);
        Instant t = instant(to);
        audit(subject, "anomalies", "maxPerWindow=" + maxPerWindow + " windowMinutes=" + windowMinutes);
        return log.anomalies(f == null ? Instant.now().minusSeconds(30L * 86400) : f, t == null ? Instant.now() : t,
                maxPerWindow, Math.max(1, windowMinutes), time(workStart), time(workEnd));
    }

    @GetMapping("/checkpoints")
    Checkpoints checkpoints(@AuthenticationPrincipal Subject subject) {
        audit(subject, "checkpoints", null);
        return new Checkpoints(keys.verifierKey(), log.checkpoints());
    }

    @GetMapping(value = "/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    String publicKey() {
        return keys.verifierKey() + "\n";
    }

    @GetMapping("/consistency")
    ConsistencyProof consistency(@RequestParam long from, @RequestParam long to, @AuthenticationPrincipal Subject subject) {
        audit(subject, "consistency proof", from + ".." + to);
        return new ConsistencyProof(from, to, log.consistencyProof(from, to));
    }

    @GetMapping(value = "/export", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(@RequestParam @Nullable String actor, @RequestParam @Nullable String authority,
                                                 @RequestParam @Nullable String action, @RequestParam @Nullable String report,
                                                 @RequestParam @Nullable String caseReference, @RequestParam @Nullable String from,
                                                 @RequestParam @Nullable String to, @AuthenticationPrincipal Subject subject) {
        AuditLog.Filter filter = new AuditLog.Filter(actor, authority, action, report, caseReference, instant(from), instant(to));
        audit(subject, "export", filter.toString());
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            log.export(filter, writer);
            writer.flush();
        };
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"verbund-audit.jsonl\"")
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body(body);
    }

    private void audit(Subject subject, String query, @Nullable String detail) {
        trail.record(AuditEvent.by(subject, AuditAction.OVERSIGHT_QUERY).rule("ROLE_OVERSIGHT")
                .detail(query + (detail == null ? "" : ": " + detail)).outcome(AuditOutcome.OK));
    }

    private static LocalTime time(String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidOversightQuery("working hours are HH:MM (07:00)");
        }
    }

    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidOversightQuery("times are ISO-8601 (2026-11-28 or 2026-11-28T10:00:00Z)");
        }
    }

}
