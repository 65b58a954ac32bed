package de.verbund.web.purpose;

import java.util.Optional;

import de.verbund.audit.Purpose;
import jakarta.servlet.http.HttpSession;

/**
 * The purpose and file number the analyst stated for this session (brief: every search, read, download and selector
 * check carries them). Kept as two strings in the session (which lives in PostgreSQL); checked by {@link Purpose} on
 * every use, so a value that would be refused by the API is refused here too.
 */
public final class SessionPurpose {

    static final String PURPOSE = "verbund.purpose";
    static final String CASE_REFERENCE = "verbund.caseReference";

    private SessionPurpose() {
    }

    public static Optional<Purpose> of(HttpSession session) {
        Object purpose = session.getAttribute(PURPOSE);
        Object caseReference = session.getAttribute(CASE_REFERENCE);
        if (purpose instanceof String p && caseReference instanceof String c) {
            return Optional.of(Purpose.require(p, c));
        }
        return Optional.empty();
    }

    static void set(HttpSession session, Purpose purpose) {
        session.setAttribute(PURPOSE, purpose.purpose());
        session.setAttribute(CASE_REFERENCE, purpose.caseReference());
    }
}
