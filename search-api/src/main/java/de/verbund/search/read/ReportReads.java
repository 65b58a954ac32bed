package de.verbund.search.read;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import de.verbund.access.grant.GrantStore;
import de.verbund.access.label.Labels;
import de.verbund.access.policy.AccessDecision;
import de.verbund.access.policy.NeedToKnow;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.audit.Purpose;
import de.verbund.ingest.crypto.Vault;
import de.verbund.ingest.submit.ReportStore;
import de.verbund.ingest.submit.StoredReport;
import de.verbund.search.query.ReportSearch;
import de.verbund.search.query.SearchResult;

import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one gate for every call addressed by report id (read, original, related): loads the stored labels from
 * PostgreSQL, decides with the need-to-know rule and the subject's active grants, loads content only after the
 * decision and checks it again against the labels it carries, and audits before anything leaves. Unknown,
 * malformed, erased and unreadable ids all end in the same {@link ReportNotFound}. Web controllers and pages call
 * this service and nothing below it.
 */
@Service
public class ReportReads {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ReportStore store;
    private final GrantStore grants;
    private final Vault vault;
    private final ReportSearch search;
    private final AuditTrail audit;

    ReportReads(ReportStore store, GrantStore grants, Vault vault, ReportSearch search, AuditTrail audit) {
        this.store = store;
        this.grants = grants;
        this.vault = vault;
        this.search = search;
        this.audit = audit;
    }

    /** What a reader gets: labels (handling code and note travel with the content), text and provenance. */
    public record ReportView(String id, Labels labels, String text, boolean textTruncated, String contentType,
                             String sha256, long sizeBytes, Instant submittedAt, String language,
                             List<String> selectors, JsonNode normalised, String signatureStatus) {}

    /** A decrypted original: its labels travel with it; the caller closes the stream. */
    public record Original(ReportId id, Labels labels, String contentType, String sha256, InputStream content) {}

    /** A report, if the caller may read it. */
    public ReportView read(Subject subject, String id, Purpose purpose) {
        Readable readable = require(subject, id, purpose, AuditAction.READ);
        StoredReport report = readable.report();
        audit.record(AuditEvent.by(subject, AuditAction.READ).purpose(purpose).report(report.view().id())
                .rule(readable.decision().rule()).outcome(AuditOutcome.OK));
        return new ReportView(report.view().id().toString(), report.view().labels(), report.text(),
                report.textTruncated(), report.contentType(), report.sha256(), report.sizeBytes(), report.submittedAt(),
                report.language(), report.selectors(), JSON.readTree(report.normalised()), report.signatureStatus());
    }

    /** The decrypted original, if the caller may read the report and the vault still holds it. */
    public Original original(Subject subject, String id, Purpose purpose) {
        Readable readable = require(subject, id, purpose, AuditAction.DOWNLOAD);
        StoredReport report = readable.report();
        ReportId reportId = report.view().id();
        var stream = vault.open(reportId, report.vaultLocation());
        if (stream.isEmpty()) {
            audit.record(AuditEvent.by(subject, AuditAction.DOWNLOAD).purpose(purpose).report(reportId)
                    .rule("ORIGINAL_MISSING").outcome(AuditOutcome.NOT_FOUND));
            throw new ReportNotFound();
        }
        audit.record(AuditEvent.by(subject, AuditAction.DOWNLOAD).purpose(purpose).report(reportId)
                .rule(readable.decision().rule()).outcome(AuditOutcome.OK));
        return new Original(reportId, report.view().labels(), report.contentType(), report.sha256(), stream.get());
    }

    /**
     * The versions of a report (lifecycle issue): for the originator's analysts who may read the report; anyone
     * else gets the same 404 as for an unknown id. No content.
     */
    public List<ReportStore.Version> versions(Subject subject, String id, Purpose purpose) {
        Readable readable = requireOriginator(subject, id, purpose, AuditAction.VERSION_LIST);
        List<ReportStore.Version> versions = store.versions(readable.report().view().id());
        audit.record(AuditEvent.by(subject, AuditAction.VERSION_LIST).purpose(purpose).report(readable.report().view().id())
                .rule(readable.decision().rule()).detail("versions=" + versions.size()).outcome(AuditOutcome.OK));
        return versions;
    }

    /**
     * An earlier version's text and normalised form, under the report's current labels: for the originator's analysts
     * who may read the report (only the current version is searchable and readable by others).
     */
    public ReportView version(Subject subject, String id, int version, Purpose purpose) {
        Readable readable = requireOriginator(subject, id, purpose, AuditAction.READ);
        StoredReport report = readable.report();
        ReportId reportId = report.view().id();
        if (version == report.version()) {
            return read(subject, id, purpose);
        }
        var versions = store.versions(reportId).stream().filter(v -> v.version() == version).findFirst();
        var content = versions.isEmpty() ? java.util.Optional.<ReportStore.Content>empty()
                : store.earlierVersion(reportId, version);
        if (content.isEmpty()) {
            audit.record(AuditEvent.by(subject, AuditAction.READ).purpose(purpose).report(reportId)
                    .rule("UNKNOWN_VERSION").outcome(AuditOutcome.NOT_FOUND));
            throw new ReportNotFound();
        }
        ReportStore.Version v = versions.get();
        JsonNode normalised = JSON.readTree(content.get().normalised());
        audit.record(AuditEvent.by(subject, AuditAction.READ).purpose(purpose).report(reportId)
                .rule(readable.decision().rule()).detail("version " + version).outcome(AuditOutcome.OK));
        return new ReportView(reportId.toString(), report.view().labels(), content.get().text(),
                normalised.path("truncated").asBoolean(false), v.contentType(), v.sha256(), v.sizeBytes(), v.storedAt(),
                normalised.path("language").asString("und"), strings(normalised.path("selectors")), normalised,
                normalised.path("signature").path("status").asString("NONE"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asString()));
        return values;
    }

    /** As {@link #require}, and only for the originator's own analysts (404 for every other authority). */
    private Readable requireOriginator(Subject subject, String id, Purpose purpose, AuditAction action) {
        Readable readable = require(subject, id, purpose, action);
        if (!readable.report().view().labels().originator().equals(subject.authority())) {
            audit.record(AuditEvent.by(subject, action).purpose(purpose).report(readable.report().view().id())
                    .rule("ORIGINATOR_ONLY").outcome(AuditOutcome.DENIED));
            throw new ReportNotFound();
        }
        return readable;
    }

    /** Readable reports that share selectors with a readable one. */
    public SearchResult related(Subject subject, String id, Purpose purpose) throws IOException {
        Readable readable = require(subject, id, purpose, AuditAction.RELATED);
        SearchResult result = search.related(subject, readable.report().view().id(), readable.report().selectors(),
                readable.grants());
        List<String> ids = new ArrayList<>();
        ids.add(readable.report().view().id().toString());
        result.hits().forEach(h -> ids.add(h.id()));
        audit.record(AuditEvent.by(subject, AuditAction.RELATED).purpose(purpose).reports(ids)
                .rule("NEED_TO_KNOW_FILTER").detail("total=" + result.total()).outcome(AuditOutcome.OK));
        return result;
    }

    private record Readable(StoredReport report, AccessDecision decision, Set<ReportId> grants) {}

    private Readable require(Subject subject, String id, Purpose purpose, AuditAction action) {
        var reportId = ReportId.parse(id);
        var view = reportId.flatMap(store::findView);
        Set<ReportId> active = grants.activeFor(subject);
        if (view.isEmpty()) {
            audit.record(AuditEvent.by(subject, action).purpose(purpose)
                    .reports(reportId.map(r -> List.of(r.toString())).orElse(List.of()))
                    .rule("UNKNOWN_ID").outcome(AuditOutcome.NOT_FOUND));
            throw new ReportNotFound();
        }
        AccessDecision decision = NeedToKnow.decide(subject, view.get(), active);
        if (!decision.granted()) {
            audit.record(AuditEvent.by(subject, action).purpose(purpose).report(view.get().id())
                    .rule(decision.rule()).outcome(AuditOutcome.DENIED));
            throw new ReportNotFound();
        }
        // content is loaded only after the decision, and checked again against the labels it carries
        StoredReport report = store.find(view.get().id()).orElseThrow(ReportNotFound::new);
        AccessDecision recheck = NeedToKnow.decide(subject, report.view(), active);
        if (!recheck.granted()) {
            audit.record(AuditEvent.by(subject, action).purpose(purpose).report(view.get().id())
                    .rule(recheck.rule()).outcome(AuditOutcome.DENIED));
            throw new ReportNotFound();
        }
        return new Readable(report, recheck, active);
    }
}
