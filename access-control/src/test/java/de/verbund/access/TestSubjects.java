package de.verbund.access;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;

/** Fixture factory for subjects. */
public final class TestSubjects {

    private TestSubjects() {
    }

    public static Subject analyst(String authority) {
        return analyst(authority, Classification.GEHEIM, EnumSet.allOf(PhenomenonArea.class));
    }

    public static Subject analyst(String authority, Classification clearance, Set<PhenomenonArea> mandates) {
        return new Subject(UUID.randomUUID().toString(), "analyst", new Authority(authority), clearance, mandates,
                Set.of(Role.ANALYST));
    }

    public static Subject withRoles(String authority, Role... roles) {
        return new Subject(UUID.randomUUID().toString(), "user", new Authority(authority), Classification.GEHEIM,
                EnumSet.allOf(PhenomenonArea.class), Set.of(roles));
    }
}
