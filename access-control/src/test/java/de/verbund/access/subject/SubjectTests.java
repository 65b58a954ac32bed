package de.verbund.access.subject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import de.verbund.access.label.Classification;
import de.verbund.access.label.PhenomenonArea;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectTests {

    static Map<String, Object> analystClaims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "u-1");
        claims.put("preferred_username", "analyst-nw");
        claims.put("authority", "LKA-NW");
        claims.put("clearance", "VS-VERTRAULICH");
        claims.put("mandates", List.of("CYBER", "PMK_RECHTS"));
        claims.put("roles", List.of("analyst"));
        return claims;
    }

    @Test
    void analystClaimsThenSubject() {
        Subject s = Subject.fromClaims(analystClaims());
        assertThat(s.authority().code()).isEqualTo("LKA-NW");
        assertThat(s.clearance()).isEqualTo(Classification.VS_VERTRAULICH);
        assertThat(s.mandates()).containsExactlyInAnyOrder(PhenomenonArea.CYBER, PhenomenonArea.PMK_RECHTS);
        assertThat(s.has(Role.ANALYST)).isTrue();
    }

    @Test
    void missingOrUnknownClaimsThenInvalid() {
        for (var change : List.<java.util.function.Consumer<Map<String, Object>>>of(
                c -> c.remove("authority"), c -> c.put("authority", "LKA-XX"),
                c -> c.remove("clearance"), c -> c.put("clearance", "STRENG GEHEIM"), c -> c.put("clearance", "OFFEN"),
                c -> c.remove("roles"), c -> c.put("roles", List.of()), c -> c.put("roles", List.of("superuser")),
                c -> c.put("mandates", List.of("EVERYTHING")), c -> c.remove("sub"),
                c -> c.put("roles", List.of(1, 2)), c -> c.put("authority", List.of("BKA")))) {
            Map<String, Object> claims = analystClaims();
            change.accept(claims);
            assertThatThrownBy(() -> Subject.fromClaims(claims)).as(claims.toString()).isInstanceOf(InvalidSubject.class);
        }
    }

    @Test
    void oversightBodyWithAnalystRoleThenInvalid() {
        Map<String, Object> claims = analystClaims();
        claims.put("authority", "BFDI");
        assertThatThrownBy(() -> Subject.fromClaims(claims)).isInstanceOf(InvalidSubject.class);
    }

    @Test
    void submitterWithoutClearanceThenOffen() {
        Subject s = Subject.fromClaims(Map.of("sub", "s", "authority", "BKA", "roles", List.of("submitter")));
        assertThat(s.clearance()).isEqualTo(Classification.OFFEN);
        assertThat(s.mandates()).isEmpty();
    }
}
