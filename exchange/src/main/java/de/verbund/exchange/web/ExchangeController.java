package de.verbund.exchange.web;

import java.io.IOException;
import java.util.List;

import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.audit.Purpose;
import de.verbund.exchange.AccessRequests;
import de.verbund.exchange.SelectorCheck;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The exchange between authorities: {@code POST /api/v1/selectors/check} (analysts; hit/no-hit), access requests on
 * a hit's reference (analysts ask, approvers of the originator decide), and the originator's notifications about
 * withheld hits (approvers). Roles are enforced in the security configuration and again by what each call returns.
 */
@RestController
class ExchangeController {

    private final SelectorCheck check;
    private final AccessRequests requests;

    ExchangeController(SelectorCheck check, AccessRequests requests) {
        this.check = check;
        this.requests = requests;
    }

    /** @param selectors up to 1000 of {@code {"type": "phone", "value": "030/1234567"}} */
    record CheckRequest(@Nullable List<SelectorCheck.Input> selectors, @Nullable String purpose,
                        @Nullable String caseReference) {}

    @PostMapping("/api/v1/selectors/check")
    SelectorCheck.Answer check(@RequestBody CheckRequest request, @AuthenticationPrincipal Subject subject) throws IOException {
        return check.check(subject, Purpose.require(request.purpose(), request.caseReference()), request.selectors());
    }

    /** @param reference a reference from a selector check answered to the same analyst */
    record NewAccessRequest(@Nullable String reference, @Nullable String purpose, @Nullable String caseReference,
                            @Nullable String justification) {}

    @PostMapping("/api/v1/access-requests")
    @ResponseStatus(HttpStatus.CREATED)
    AccessRequests.View request(@RequestBody NewAccessRequest request, @AuthenticationPrincipal Subject subject) {
        return requests.request(subject, request.reference(), Purpose.require(request.purpose(), request.caseReference()),
                request.justification());
    }

    /** {@code own}: the caller's requests (analysts); {@code queue}: its authority's queue (approvers). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RequestLists(@Nullable List<AccessRequests.View> own, @Nullable List<AccessRequests.View> queue) {}

    @GetMapping("/api/v1/access-requests")
    RequestLists list(@RequestParam(required = false) @Nullable String state, @AuthenticationPrincipal Subject subject) {
        return new RequestLists(subject.has(Role.ANALYST) ? requests.own(subject) : null,
                subject.has(Role.APPROVER) ? requests.queue(subject, state) : null);
    }

    /**
     * @param decision {@code GRANT} or {@code DENY}
     * @param grantee for a grant: {@code USER} (the requester) or {@code AUTHORITY} (the requester's authority)
     * @param validUntil for a grant: last day of access, at most {@code verbund.exchange.max-grant-days} ahead
     */
    record Decision(@Nullable String decision, @Nullable String grantee, @Nullable String validUntil,
                    @Nullable String reason) {}

    @PostMapping("/api/v1/access-requests/{id}/decision")
    AccessRequests.View decide(@PathVariable String id, @RequestBody Decision decision, @AuthenticationPrincipal Subject subject) {
        return requests.decide(subject, id, decision.decision(), decision.grantee(), decision.validUntil(),
                decision.reason());
    }

    record Revocation(@Nullable String reason) {}

    @PostMapping("/api/v1/access-requests/{id}/revocation")
    AccessRequests.View revoke(@PathVariable String id, @RequestBody Revocation revocation, @AuthenticationPrincipal Subject subject) {
        return requests.revoke(subject, id, revocation.reason());
    }

    @GetMapping("/api/v1/notifications")
    List<AccessRequests.Notification> notifications(@AuthenticationPrincipal Subject subject) {
        return requests.notifications(subject);
    }
}
