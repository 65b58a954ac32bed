package de.verbund.web.exchange;

import java.util.List;

import de.verbund.exchange.AccessRequests;
import de.verbund.web.layout.VisibleText;

import org.jspecify.annotations.Nullable;

/**
 * An access request as the analyst's and the approver's pages show it: dates in German form (Berlin time), free text
 * made visible; the requester only for the approver (as {@link AccessRequests.View} has it).
 */
public record RequestView(String id, String originator, String selector, String state, String createdAt,
                          String deadline, boolean overdue, String caseReference, String purpose,
                          @Nullable String justification, @Nullable String decisionReason,
                          @Nullable String granteeType, @Nullable String validUntil,
                          List<AccessRequests.ReportRef> reports, @Nullable String requesterName,
                          @Nullable String requesterAuthority) {

    static List<RequestView> all(List<AccessRequests.View> list) {
        return list.stream().map(RequestView::of).toList();
    }

    static RequestView of(AccessRequests.View v) {
        return new RequestView(v.id(), v.originator(), VisibleText.of(v.selector()), v.state().name(),
                Dates.german(v.createdAt()), Dates.german(v.deadline()), v.overdue(), VisibleText.of(v.caseReference()),
                VisibleText.of(v.purpose()), v.justification() == null ? null : VisibleText.of(v.justification()),
                v.decisionReason() == null ? null : VisibleText.of(v.decisionReason()), v.granteeType(),
                v.validUntil() == null ? null : Dates.german(v.validUntil()),
                v.reports() == null ? List.of() : v.reports(), v.requesterName(), v.requesterAuthority());
    }
}
