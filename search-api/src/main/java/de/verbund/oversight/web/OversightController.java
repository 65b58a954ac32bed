package de.verbund.oversight.web;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import de.verbund.access.audit.AuditEvent;
import de.verbund.access.audit.AuditKeys;
import de.verbund.access.audit.AuditLog;
import de.verbund.access.audit.AuditTrail;
import de.verbund.search.security.SubjectAuthentication;

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

    @GetMapping("/events")
    Map<String, Object> events(@RequestParam @Nullable String actor, @RequestParam @Nullable String authority,
                               @RequestParam @Nullable String action, @RequestParam @Nullable String report,
                               @RequestParam @Nullable String caseReference, @RequestParam @Nullable String from,
                               @RequestParam @Nullable String to, @RequestParam(defaultValue = "0") long after,
                               @RequestParam(defaultValue = "100") int limit, SubjectAuthentication auth) {
        AuditLog.Filter filter = new AuditLog.Filter(actor, authority, action, report, caseReference, instant(from), instant(to));
        int bounded = Math.max(1, Math.min(limit, 1000));
        audit(auth, "events", filter.toString());
        List<Map<String, Object>> events = log.events(filter, after, bounded);
        Object next = events.size() == bounded ? events.get(events.size() - 1).get("seq") : null;
        return next == null ? Map.of("events", events) : Map.of("events", events, "nextAfter", next);
    }

    @GetMapping("/reports/{id}/viewers")
    Map<String, Object> whoSaw(@PathVariable String id, SubjectAuthentication auth) {
        audit(auth, "who saw report", id);
        return Map.of("report", id, "consultations", log.whoSaw(id));
    }

    @GetMapping("/actors/{actor}/events")
    Map<String, Object> actor(@PathVariable String actor, @RequestParam(defaultValue = "0") long after,
                              @RequestParam(defaultValue = "100") int limit, SubjectAuthentication auth) {
        audit(auth, "what did user do", actor);
        return Map.of("actor", actor, "events", log.events(new AuditLog.Filter(actor, null, null, null, null, null, null),
                after, Math.max(1, Math.min(limit, 1000))));
    }

    @GetMapping("/consultations")
    Map<String, Object> consultations(SubjectAuthentication auth) {
        audit(auth, "consultations per authority and month", null);
        return Map.of("consultations", log.consultationsPerAuthority());
    }

    @GetMapping("/anomalies")
    Map<String, Object> anomalies(@RequestParam @Nullable String from, @RequestParam @Nullable String to,
                                  @RequestParam(defaultValue = "50") int maxPerWindow,
                                  @RequestParam(defaultValue = "10") int windowMinutes,
                                  @RequestParam(defaultValue = "07:00") String workStart,
                                  @RequestParam(defaultValue = "19:00") String workEnd, SubjectAuthentication auth) {
        Instant f = instant(from);
        Instant t = instant(to);
        audit(auth, "anomalies", "maxPerWindow=" + maxPerWindow + " windowMinutes=" + windowMinutes);
        return Map.copyOf(log.anomalies(f == null ? Instant.now().minusSeconds(30L * 86400) : f, t == null ? Instant.now() : t,
                maxPerWindow, Math.max(1, windowMinutes), LocalTime.parse(workStart), LocalTime.parse(workEnd)));
    }

    @GetMapping("/checkpoints")
    Map<String, Object> checkpoints(SubjectAuthentication auth) {
        audit(auth, "checkpoints", null);
        return Map.of("verifierKey", keys.verifierKey(), "checkpoints", log.checkpoints());
    }

    @GetMapping(value = "/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    String publicKey() {
        return keys.verifierKey() + "\n";
    }

    @GetMapping("/consistency")
    Map<String, Object> consistency(@RequestParam long from, @RequestParam long to, SubjectAuthentication auth) {
        audit(auth, "consistency proof", from + ".." + to);
        return Map.of("from", from, "to", to, "proof", log.consistencyProof(from, to));
    }

    @GetMapping(value = "/export", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(@RequestParam @Nullable String actor, @RequestParam @Nullable String authority,
                                                 @RequestParam @Nullable String action, @RequestParam @Nullable String report,
                                                 @RequestParam @Nullable String caseReference, @RequestParam @Nullable String from,
                                                 @RequestParam @Nullable String to, SubjectAuthentication auth) {
        AuditLog.Filter filter = new AuditLog.Filter(actor, authority, action, report, caseReference, instant(from), instant(to));
        audit(auth, "export", filter.toString());
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            log.export(filter, writer);
            writer.flush();
        };
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"verbund-audit.jsonl\"")
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body(body);
    }

    private void audit(SubjectAuthentication auth, String query, @Nullable String detail) {
        trail.record(AuditEvent.by(auth.subject(), "OVERSIGHT_QUERY", null, null, List.of(), "OK", "ROLE_OVERSIGHT",
                query + (detail == null ? "" : ": " + detail)));
    }

    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("times are ISO-8601 (2026-11-28 or 2026-11-28T10:00:00Z)");
        }
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setType(java.net.URI.create("urn:verbund:problem:invalid-parameter"));
        return p;
    }
}
