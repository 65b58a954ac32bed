package de.verbund.access.grant;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import de.verbund.access.label.Authority;
import de.verbund.access.policy.ReportId;

import org.jspecify.annotations.Nullable;

/**
 * A grant of one report to a user (token {@code sub}) or to a whole authority, until a time.
 *
 * @param grantee the user id or the authority code
 */
public record Grant(UUID id, ReportId report, Grantee granteeType, String grantee, String grantedBy,
                    Authority grantedByAuthority, String reason, Instant validUntil, Instant createdAt,
                    @Nullable Instant revokedAt) {

    public enum Grantee { USER, AUTHORITY }

    public Grant {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(grantee, "grantee");
        if (granteeType == Grantee.AUTHORITY && !Authority.POLICE.contains(grantee)) {
            throw new IllegalArgumentException("grants go to police authorities only");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a grant needs a reason");
        }
    }

    public boolean activeAt(Instant now) {
        return revokedAt == null && validUntil.isAfter(now);
    }
}
