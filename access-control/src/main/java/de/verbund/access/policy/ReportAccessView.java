package de.verbund.access.policy;

import de.verbund.access.label.Labels;

/** The stored facts about a report that the rule looks at: its labels and whether it was erased. */
public record ReportAccessView(ReportId id, Labels labels, boolean erased) {}
