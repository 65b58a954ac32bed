package de.verbund.exchange;

import java.time.Instant;
import java.time.LocalDate;

import de.verbund.access.grant.Grant;
import de.verbund.exchange.AccessRequests.State;
import de.verbund.problem.ProblemType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The life of an access request and what an approver's decision must hold, without a database. */
class AccessRequestStateTests {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    static final RequestDecision GRANT = new RequestDecision.Granting(Grant.Grantee.USER, TODAY, "Fall NW-42");
    static final RequestDecision DENY = new RequestDecision.Denying("kein Bezug");

    @Test
    void pendingRequestThenGrantedOrDenied() {
        assertThat(State.PENDING.decided(GRANT)).isEqualTo(State.GRANTED);
        assertThat(State.PENDING.decided(DENY)).isEqualTo(State.DENIED);
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"GRANTED", "DENIED", "REVOKED"})
    void decidedRequestThenSecondDecisionRefused(State state) {
        assertThatThrownBy(() -> state.decided(GRANT)).isInstanceOfSatisfying(ExchangeRejected.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.ALREADY_DECIDED));
    }

    @Test
    void grantedRequestThenRevoked() {
        assertThat(State.GRANTED.revoked()).isEqualTo(State.REVOKED);
    }

    @ParameterizedTest
    @EnumSource(value = State.class, names = {"PENDING", "DENIED", "REVOKED"})
    void requestNotGrantedThenRevocationRefused(State state) {
        assertThatThrownBy(state::revoked).isInstanceOfSatisfying(ExchangeRejected.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.NOT_GRANTED));
    }

    @Test
    void grantToUserUntilADayThenEndsAtMidnightAfterIt() {
        RequestDecision d = RequestDecision.parse("grant", "user", "2026-12-31", "Fall NW-42", TODAY, 366);

        assertThat(d).isInstanceOfSatisfying(RequestDecision.Granting.class, g -> {
            assertThat(g.grantee()).isEqualTo(Grant.Grantee.USER);
            assertThat(g.until()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        });
    }

    @Test
    void grantToAuthorityForTodayOnlyThenAccepted() {
        assertThat(RequestDecision.parse("GRANT", "AUTHORITY", "2026-11-28", "r", TODAY, 366))
                .isEqualTo(new RequestDecision.Granting(Grant.Grantee.AUTHORITY, TODAY, "r"));
    }

    @Test
    void denyThenNeedsOnlyAReason() {
        assertThat(RequestDecision.parse("DENY", null, null, "kein Bezug", TODAY, 366)).isEqualTo(DENY);
    }

    @Test
    void badDecisionsThenRefusedWithWhatIsWrong() {
        assertInvalid(() -> RequestDecision.parse("MAYBE", "USER", "2026-12-01", "r", TODAY, 366), "'decision'");
        assertInvalid(() -> RequestDecision.parse(null, "USER", "2026-12-01", "r", TODAY, 366), "'decision'");
        assertInvalid(() -> RequestDecision.parse("GRANT", "USER", "2026-12-01", " ", TODAY, 366), "'reason'");
        assertInvalid(() -> RequestDecision.parse("DENY", null, null, "x".repeat(2001), TODAY, 366), "'reason'");
        assertInvalid(() -> RequestDecision.parse("DENY", null, null, "kein\u0000Bezug", TODAY, 366), "control characters");
        assertInvalid(() -> RequestDecision.parse("GRANT", "EVERYONE", "2026-12-01", "r", TODAY, 366), "'grantee'");
        assertInvalid(() -> RequestDecision.parse("GRANT", "USER", "morgen", "r", TODAY, 366), "yyyy-mm-dd");
        assertInvalid(() -> RequestDecision.parse("GRANT", "USER", "2026-11-27", "r", TODAY, 366), "between today");
        assertInvalid(() -> RequestDecision.parse("GRANT", "USER", "2027-11-30", "r", TODAY, 366), "between today");
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String names) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ExchangeRejected.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.INVALID_DECISION);
            assertThat(e.getMessage()).contains(names);
        });
    }
}
