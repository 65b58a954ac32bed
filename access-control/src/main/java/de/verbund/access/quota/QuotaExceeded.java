package de.verbund.access.quota;

import java.util.Map;

import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;

/** A request beyond the user's limit: 429 with {@code Retry-After} (RFC 6585, RFC 9110 section 10.2.3). */
public final class QuotaExceeded extends Problem {

    private final long retryAfterSeconds;

    QuotaExceeded(String detail, long retryAfterSeconds) {
        super(ProblemType.QUOTA_EXCEEDED, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Seconds until the window that refused the request ends. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Map<String, Object> properties() {
        return Map.of("retryAfter", retryAfterSeconds);
    }
}
