package de.verbund.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the cluster module ({@code verbund.cluster.*}).
 *
 * @param leaderCheck how often an instance checks that it still holds the leader role, or tries to take it
 */
@ConfigurationProperties("verbund.cluster")
public record ClusterProperties(@DefaultValue("2s") Duration leaderCheck) {

    public ClusterProperties {
        if (leaderCheck.isNegative() || leaderCheck.isZero() || leaderCheck.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("verbund.cluster.leader-check must lie between 1 ms and 1 min");
        }
    }
}
