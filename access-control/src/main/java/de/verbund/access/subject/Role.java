package de.verbund.access.subject;

import java.util.Arrays;
import java.util.Optional;

/** Separate duties of the brief. {@code oversight} and {@code admin} never unlock content. */
public enum Role {
    SUBMITTER("submitter"),
    ANALYST("analyst"),
    APPROVER("approver"),
    OVERSIGHT("oversight"),
    ADMIN("admin");

    private final String claim;

    Role(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.claim.equals(value)).findFirst();
    }
}
