package de.verbund.search.query;

import java.io.IOException;

import de.verbund.access.grant.GrantStore;
import de.verbund.access.subject.Subject;
import de.verbund.access.quota.QuotaExceeded;
import de.verbund.access.quota.Quotas;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.audit.Purpose;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * A search as a user asks it: checks size and sort, runs the one filtered query of {@link ReportSearch} with the
 * caller's active grants, and audits the ids returned (or the refusal) before the answer leaves. The JSON API and
 * the pages both call this.
 */
@Service
public class SearchService {

    private final ReportSearch search;
    private final GrantStore grants;
    private final AuditTrail audit;
    private final Quotas quotas;

    SearchService(ReportSearch search, GrantStore grants, AuditTrail audit, Quotas quotas) {
        this.search = search;
        this.grants = grants;
        this.audit = audit;
        this.quotas = quotas;
    }

    /**
     * @param query the hub's query language (see {@link QueryLanguage}); empty matches every readable report
     * @param size 1 to {@link ReportSearch#MAX_SIZE}
     * @param cursor {@code nextCursor} of the previous page, with the same query, sort and size
     * @throws InvalidQuery for a query, size or cursor the hub does not accept
     * @throws QuotaExceeded when the user's searches per minute are used up (audited, nothing searched)
     */
    public SearchResult search(Subject subject, Purpose purpose, String query, ReportSearch.Sort sort, int size,
                               @Nullable String cursor) throws IOException {
        try {
            quotas.consumeSearch(subject);
        } catch (QuotaExceeded e) {
            audit.record(AuditEvent.by(subject, AuditAction.SEARCH).purpose(purpose).rule("QUOTA")
                    .detail("searches per minute").outcome(AuditOutcome.QUOTA_EXCEEDED));
            throw e;
        }
        SearchResult result;
        try {
            if (size < 1 || size > ReportSearch.MAX_SIZE) {
                throw new InvalidQuery("size is between 1 and " + ReportSearch.MAX_SIZE);
            }
            result = search.search(subject, query, sort, size, cursor, grants.activeFor(subject));
        } catch (InvalidQuery e) {
            audit.record(AuditEvent.by(subject, AuditAction.SEARCH).purpose(purpose).rule("QUERY_LANGUAGE")
                    .detail("invalid query").outcome(AuditOutcome.REJECTED));
            throw e;
        }
        audit.record(AuditEvent.by(subject, AuditAction.SEARCH).purpose(purpose)
                .reports(result.hits().stream().map(SearchResult.Hit::id).toList()).rule("NEED_TO_KNOW_FILTER")
                .detail("query=" + abbreviate(query) + "; total=" + result.total() + (cursor == null ? "" : "; next page"))
                .outcome(AuditOutcome.OK));
        return result;
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

}
