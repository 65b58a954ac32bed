package de.verbund.access;

import java.time.LocalDate;
import java.util.Set;
import java.util.TreeSet;

import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.Collection;
import de.verbund.access.label.Disclosure;
import de.verbund.access.label.HandlingCode;
import de.verbund.access.label.Labels;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.policy.ReportAccessView;
import de.verbund.access.policy.ReportId;

/** Fixture factory for reports: open to all by default, narrowed by the named variants. */
public final class TestReports {

    private TestReports() {
    }

    public static Labels labels(String originator, Classification classification, PhenomenonArea area,
                                Set<String> releasableTo, Disclosure disclosure) {
        return new Labels(new Authority(originator), "AZ-1", "Titel", area, classification, new TreeSet<>(releasableTo),
                HandlingCode.H0, null, disclosure, Collection.OPEN, LocalDate.now().plusYears(1));
    }

    public static ReportAccessView report(Labels labels) {
        return new ReportAccessView(ReportId.random(), labels, false);
    }

    public static ReportAccessView open(String originator) {
        return report(labels(originator, Classification.VS_NFD, PhenomenonArea.CYBER, Set.of("ALL"), Disclosure.FULL));
    }

    public static ReportAccessView secret(String originator) {
        return report(labels(originator, Classification.GEHEIM, PhenomenonArea.CYBER, Set.of("ALL"), Disclosure.FULL));
    }

    public static ReportAccessView releasedTo(String originator, String... authorities) {
        return report(labels(originator, Classification.VS_NFD, PhenomenonArea.CYBER, Set.of(authorities), Disclosure.FULL));
    }

    public static ReportAccessView hitOnly(String originator) {
        return report(labels(originator, Classification.VS_NFD, PhenomenonArea.CYBER, Set.of("ALL"), Disclosure.HIT_ONLY));
    }

    public static ReportAccessView area(String originator, PhenomenonArea area) {
        return report(labels(originator, Classification.VS_NFD, area, Set.of("ALL"), Disclosure.FULL));
    }
}
