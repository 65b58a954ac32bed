package de.verbund.exchange;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param decisionDeadline an access request undecided for longer is flagged overdue (Prüm II's 48 hours)
 * @param maxGrantDays the longest grant an approver may give
 */
@ConfigurationProperties("verbund.exchange")
public record ExchangeProperties(@DefaultValue("48h") Duration decisionDeadline, @DefaultValue("366") int maxGrantDays) {

    public ExchangeProperties {
        if (decisionDeadline.isNegative() || decisionDeadline.isZero()) {
            throw new IllegalArgumentException("verbund.exchange.decision-deadline must be positive");
        }
        if (maxGrantDays < 1 || maxGrantDays > 3660) {
            throw new IllegalArgumentException("verbund.exchange.max-grant-days must be between 1 and 3660");
        }
    }
}
