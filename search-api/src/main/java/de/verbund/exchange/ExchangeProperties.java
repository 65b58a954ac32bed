package de.verbund.exchange;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param decisionDeadline an access request undecided for longer is flagged overdue (Prüm II's 48 hours)
 * @param maxGrantDays the longest grant an approver may give
 */
@ConfigurationProperties("verbund.exchange")
public record ExchangeProperties(Duration decisionDeadline, int maxGrantDays) {

    public ExchangeProperties {
        if (decisionDeadline == null) {
            decisionDeadline = Duration.ofHours(48);
        }
        if (decisionDeadline.isNegative() || decisionDeadline.isZero()) {
            throw new IllegalArgumentException("verbund.exchange.decision-deadline must be positive");
        }
        if (maxGrantDays == 0) {
            maxGrantDays = 366;
        }
        if (maxGrantDays < 1 || maxGrantDays > 3660) {
            throw new IllegalArgumentException("verbund.exchange.max-grant-days must be between 1 and 3660");
        }
    }
}
