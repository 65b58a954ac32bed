package de.verbund.access.policy;

/** What the need-to-know rule says about one subject and one report, and which clause decided. */
public sealed interface AccessDecision {

    ReportId report();

    Rule rule();

    default boolean granted() {
        return this instanceof Granted;
    }

    record Granted(ReportId report, Rule rule) implements AccessDecision {}

    record Denied(ReportId report, Rule rule) implements AccessDecision {}
}
