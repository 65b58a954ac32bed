package de.verbund.access.subject;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.PhenomenonArea;

import org.jspecify.annotations.Nullable;

/**
 * Who asks: user id (token {@code sub}), authority, clearance, mandates and roles, all from the validated
 * token (docs/brief.md "Authorities"). Never built from a request body.
 *
 * @param clearance OFFEN when the token carries no clearance (submitters, oversight, admins)
 */
public record Subject(String userId, String userName, Authority authority, Classification clearance,
                      Set<PhenomenonArea> mandates, Set<Role> roles) {

    public Subject {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(clearance, "clearance");
        mandates = mandates.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(mandates));
        roles = Set.copyOf(roles);
        if (roles.isEmpty()) {
            throw new InvalidSubject("no role");
        }
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /**
     * Builds the subject from the claims of a token whose signature, issuer, audience and lifetime were already
     * checked. Unknown or missing authority, clearance (for analysts), mandates or roles make the token unusable.
     */
    public static Subject fromClaims(Map<String, Object> claims) {
        String sub = text(claims.get("sub"), "sub");
        Object preferred = claims.get("preferred_username");
        String name = preferred instanceof String s && !s.isBlank() ? s : sub;
        String authorityCode = text(claims.get("authority"), "authority");
        if (!Authority.isKnown(authorityCode)) {
            throw new InvalidSubject("unknown authority");
        }
        Authority authority = new Authority(authorityCode);

        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String value : strings(claims.get("roles"), "roles")) {
            roles.add(Role.parse(value).orElseThrow(() -> new InvalidSubject("unknown role")));
        }
        if (roles.isEmpty()) {
            throw new InvalidSubject("missing roles");
        }
        Object clearanceClaim = claims.get("clearance");
        Classification clearance;
        if (clearanceClaim == null) {
            if (roles.contains(Role.ANALYST)) {
                throw new InvalidSubject("missing clearance");
            }
            clearance = Classification.OFFEN;
        } else {
            String value = text(clearanceClaim, "clearance");
            clearance = Classification.parse(value)
                    .filter(c -> c != Classification.OFFEN)
                    .orElseThrow(() -> new InvalidSubject("unknown clearance"));
        }
        Set<PhenomenonArea> mandates = EnumSet.noneOf(PhenomenonArea.class);
        Object mandateClaim = claims.get("mandates");
        if (mandateClaim != null) {
            for (String value : strings(mandateClaim, "mandates")) {
                mandates.add(PhenomenonArea.parse(value).orElseThrow(() -> new InvalidSubject("unknown mandate")));
            }
        }
        if (!authority.isPolice() && (roles.contains(Role.ANALYST) || roles.contains(Role.SUBMITTER)
                || roles.contains(Role.APPROVER))) {
            throw new InvalidSubject("oversight bodies hold no police role");
        }
        return new Subject(sub, name, authority, clearance, mandates, roles);
    }

    private static String text(@Nullable Object value, String claim) {
        if (value instanceof String s && !s.isBlank()) {
            return s;
        }
        throw new InvalidSubject("missing " + claim);
    }

    private static Collection<String> strings(@Nullable Object value, String claim) {
        if (value instanceof String s) {
            return Set.of(s);
        }
        if (value instanceof Collection<?> c) {
            for (Object o : c) {
                if (!(o instanceof String)) {
                    throw new InvalidSubject("malformed " + claim);
                }
            }
            @SuppressWarnings("unchecked")
            Collection<String> strings = (Collection<String>) c;
            return strings;
        }
        throw new InvalidSubject("missing " + claim);
    }
}
