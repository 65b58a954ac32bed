package de.verbund.access.policy;

import de.verbund.access.label.Labels;

/**
 * The stored facts about a report that the rule looks at: its labels, whether it was erased and whether it is
 * restricted (Sperrung, § 58 BDSG: kept, but consulted by nobody; only its originator's approvers see it in their
 * review queue).
 */
public record ReportAccessView(ReportId id, Labels labels, boolean erased, boolean restricted) {

    /** A live, unrestricted report. */
    public ReportAccessView(ReportId id, Labels labels, boolean erased) {
        this(id, labels, erased, false);
    }
}
