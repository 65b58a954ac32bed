package de.verbund.access.policy;

import java.util.EnumSet;
import java.util.Set;

import de.verbund.access.TestReports;
import de.verbund.access.TestSubjects;
import de.verbund.access.label.Classification;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NeedToKnowTests {

    static final Subject BY_NFD_CYBER = TestSubjects.analyst("LKA-BY", Classification.VS_NFD, EnumSet.of(PhenomenonArea.CYBER));

    @Test
    void readWhenAllClausesHoldThenGranted() {
        var report = TestReports.open("BKA");
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of()))
                .isEqualTo(new AccessDecision.Granted(report.id(), Rule.ALL_CLAUSES));
    }

    @Test
    void readWithoutAnalystRoleThenDenied() {
        for (Role role : new Role[] {Role.SUBMITTER, Role.APPROVER, Role.OVERSIGHT, Role.ADMIN}) {
            var decision = NeedToKnow.decide(TestSubjects.withRoles("BKA", role), TestReports.open("BKA"), Set.of());
            assertThat(decision.granted()).as(role.claim()).isFalse();
            assertThat(decision.rule()).isEqualTo(Rule.ROLE_ANALYST);
        }
    }

    @Test
    void readWhenClearanceTooLowThenDeniedEvenWithGrant() {
        var report = TestReports.secret("BKA");
        var decision = NeedToKnow.decide(BY_NFD_CYBER, report, Set.of(report.id()));
        assertThat(decision).isEqualTo(new AccessDecision.Denied(report.id(), Rule.CLEARANCE));
    }

    @Test
    void readOutsideMandateThenDeniedUnlessGranted() {
        var report = TestReports.area("BKA", PhenomenonArea.PMK_RECHTS);
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of()).rule()).isEqualTo(Rule.MANDATE);
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of(report.id())))
                .isEqualTo(new AccessDecision.Granted(report.id(), Rule.GRANT));
    }

    @Test
    void readWhenNotReleasedToAuthorityThenDeniedUnlessOwnOrGranted() {
        var report = TestReports.releasedTo("BKA", "LKA-NW");
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of()).rule()).isEqualTo(Rule.RELEASABILITY);
        assertThat(NeedToKnow.decide(TestSubjects.analyst("LKA-NW"), report, Set.of()).granted()).isTrue();
        assertThat(NeedToKnow.decide(TestSubjects.analyst("BKA"), report, Set.of()).granted()).isTrue();
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of(report.id())).granted()).isTrue();
    }

    @Test
    void readHitOnlyThenDeniedUnlessOriginatorOrGranted() {
        var report = TestReports.hitOnly("BKA");
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of()).rule()).isEqualTo(Rule.DISCLOSURE);
        assertThat(NeedToKnow.decide(TestSubjects.analyst("BKA"), report, Set.of()).granted()).isTrue();
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of(report.id())).granted()).isTrue();
    }

    @Test
    void readErasedThenDeniedEvenForOriginator() {
        var open = TestReports.open("BKA");
        var erased = new ReportAccessView(open.id(), open.labels(), true);
        assertThat(NeedToKnow.decide(TestSubjects.analyst("BKA"), erased, Set.of(open.id())).rule())
                .isEqualTo(Rule.NOT_ERASED);
    }

    @Test
    void readRestrictedThenDeniedForEveryoneEvenOriginatorAndGrantee() {
        var open = TestReports.open("BKA");
        var restricted = new ReportAccessView(open.id(), open.labels(), false, true);
        assertThat(NeedToKnow.decide(TestSubjects.analyst("BKA"), restricted, Set.of(open.id())).rule())
                .isEqualTo(Rule.NOT_RESTRICTED);
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, restricted, Set.of(open.id())).granted()).isFalse();
    }

    @Test
    void filterThenRequiresUnrestricted() {
        assertThat(AccessFilter.forSubject(TestSubjects.analyst("BKA"), Set.of()).toString())
                .contains("\"term\":{\"restricted\":{\"value\":false}}");
    }

    @Test
    void grantForAnotherReportDoesNotHelp() {
        var report = TestReports.hitOnly("BKA");
        assertThat(NeedToKnow.decide(BY_NFD_CYBER, report, Set.of(ReportId.random())).granted()).isFalse();
    }
}
