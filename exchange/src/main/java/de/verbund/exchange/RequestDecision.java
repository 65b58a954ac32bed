package de.verbund.exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import de.verbund.access.grant.Grant;
import de.verbund.problem.FreeText;
import de.verbund.problem.ProblemType;

import org.jspecify.annotations.Nullable;

/**
 * An approver's decision on an access request, checked before anything is stored: a grant to the requesting
 * analyst or the whole requesting authority until a last day (today at the earliest, at most
 * {@code verbund.exchange.max-grant-days} ahead), or a denial; both with a reason.
 */
public sealed interface RequestDecision {

    int MAX_REASON = FreeText.MAX_REASON;

    String reason();

    /** @param lastDay the last day of access; the grant ends at midnight UTC after it */
    record Granting(Grant.Grantee grantee, LocalDate lastDay, String reason) implements RequestDecision {
        public Instant until() {
            return lastDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    record Denying(String reason) implements RequestDecision {}

    /**
     * @param decision {@code GRANT} or {@code DENY} (any case)
     * @param grantee for a grant: {@code USER} or {@code AUTHORITY}
     * @param validUntil for a grant: the last day, {@code yyyy-mm-dd}
     * @throws ExchangeRejected {@code INVALID_DECISION} naming what is wrong, never echoing the value
     */
    static RequestDecision parse(@Nullable String decision, @Nullable String grantee, @Nullable String validUntil,
                                 @Nullable String reason, LocalDate today, int maxGrantDays) {
        boolean grant = switch (decision == null ? "" : decision.toUpperCase(Locale.ROOT)) {
            case "GRANT" -> true;
            case "DENY" -> false;
            default -> throw invalid("'decision' is GRANT or DENY.");
        };
        if (!FreeText.isReason(reason)) {
            throw invalid("A decision needs a 'reason' (up to " + MAX_REASON + " characters, no control characters).");
        }
        if (!grant) {
            return new Denying(reason);
        }
        Grant.Grantee to = switch (grantee == null ? "" : grantee.toUpperCase(Locale.ROOT)) {
            case "USER" -> Grant.Grantee.USER;
            case "AUTHORITY" -> Grant.Grantee.AUTHORITY;
            default -> throw invalid("'grantee' is USER (the requesting analyst) or AUTHORITY (the requester's whole authority).");
        };
        LocalDate lastDay;
        try {
            lastDay = LocalDate.parse(validUntil == null ? "" : validUntil);
        } catch (DateTimeParseException e) {
            throw invalid("'validUntil' is a date (yyyy-mm-dd).");
        }
        if (lastDay.isBefore(today) || lastDay.isAfter(today.plusDays(maxGrantDays))) {
            throw invalid("'validUntil' is between today and " + maxGrantDays + " days ahead.");
        }
        return new Granting(to, lastDay, reason);
    }

    private static ExchangeRejected invalid(String detail) {
        return new ExchangeRejected(ProblemType.INVALID_DECISION, detail);
    }
}
