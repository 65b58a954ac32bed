package de.verbund.audit.web;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditLog;
import de.verbund.audit.Oversight;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * {@code /api/v1/audit/**}, role {@code oversight} only (LED Art. 25, § 76 BDSG, § 81 BKAG). Every oversight query
 * is itself audited ({@link Oversight}, shared with the web UI). Answers carry ids, actors, actions, purposes and
 * outcomes, never report content.
 */
@RestController
@RequestMapping("/api/v1/audit")
class OversightController {

    private final Oversight oversight;

    OversightController(Oversight oversight) {
        this.oversight = oversight;
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
        AuditLog.Filter filter = new AuditLog.Filter(actor, authority, action, report, caseReference,
                Oversight.instant(from), Oversight.instant(to));
        Oversight.EventPage page = oversight.events(subject, filter, after, limit);
        return new EventPage(page.events(), page.nextAfter());
    }

    @GetMapping("/reports/{id}/viewers")
    Viewers whoSaw(@PathVariable String id, @AuthenticationPrincipal Subject subject) {
        return new Viewers(id, oversight.whoSaw(subject, id));
    }

    @GetMapping("/actors/{actor}/events")
    ActorEvents actor(@PathVariable String actor, @RequestParam(defaultValue = "0") long after,
                              @RequestParam(defaultValue = "100") int limit, @AuthenticationPrincipal Subject subject) {
        return new ActorEvents(actor, oversight.actorEvents(subject, actor, after, limit));
    }

    @GetMapping("/consultations")
    Consultations consultations(@AuthenticationPrincipal Subject subject) {
        return new Consultations(oversight.consultations(subject));
    }

    @GetMapping("/anomalies")
    AuditLog.Anomalies anomalies(@RequestParam @Nullable String from, @RequestParam @Nullable String to,
                                  @RequestParam(defaultValue = "50") int maxPerWindow,
                                  @RequestParam(defaultValue = "10") int windowMinutes,
                                  @RequestParam(defaultValue = "07:00") String workStart,
                                  @RequestParam(defaultValue = "19:00") String workEnd, @AuthenticationPrincipal Subject subject) {
        return oversight.anomalies(subject, Oversight.instant(from), Oversight.instant(to), maxPerWindow, windowMinutes,
                Oversight.time(workStart), Oversight.time(workEnd));
    }

    @GetMapping("/checkpoints")
    Checkpoints checkpoints(@AuthenticationPrincipal Subject subject) {
        return new Checkpoints(oversight.verifierKey(), oversight.checkpoints(subject));
    }

    @GetMapping(value = "/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
    String publicKey() {
        return oversight.verifierKey() + "\n";
    }

    @GetMapping("/consistency")
    ConsistencyProof consistency(@RequestParam long from, @RequestParam long to, @AuthenticationPrincipal Subject subject) {
        return new ConsistencyProof(from, to, oversight.consistencyProof(subject, from, to));
    }

    @GetMapping(value = "/export", produces = "application/x-ndjson")
    ResponseEntity<StreamingResponseBody> export(@RequestParam @Nullable String actor, @RequestParam @Nullable String authority,
                                                 @RequestParam @Nullable String action, @RequestParam @Nullable String report,
                                                 @RequestParam @Nullable String caseReference, @RequestParam @Nullable String from,
                                                 @RequestParam @Nullable String to, @AuthenticationPrincipal Subject subject) {
        AuditLog.Filter filter = new AuditLog.Filter(actor, authority, action, report, caseReference,
                Oversight.instant(from), Oversight.instant(to));
        oversight.auditExport(subject, filter);
        StreamingResponseBody body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            oversight.writeExport(filter, writer);
            writer.flush();
        };
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"verbund-audit.jsonl\"")
                .contentType(MediaType.parseMediaType("application/x-ndjson")).body(body);
    }
}
