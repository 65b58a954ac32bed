package de.verbund.web.security;

import de.verbund.access.subject.Role;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RolePagesTests {

    @Test
    void eachPageBelongsToItsRoleByPathPrefix() {
        assertThat(RolePages.needed("/ui/suche")).isEqualTo(Role.ANALYST);
        assertThat(RolePages.needed("/ui/berichte/0b8f/original")).isEqualTo(Role.ANALYST);
        assertThat(RolePages.needed("/ui/einreichen")).isEqualTo(Role.SUBMITTER);
        assertThat(RolePages.needed("/ui/freigaben/hinweise")).isEqualTo(Role.APPROVER);
        assertThat(RolePages.needed("/ui/aufsicht/export")).isEqualTo(Role.OVERSIGHT);
        assertThat(RolePages.needed("/ui/betrieb")).isEqualTo(Role.ADMIN);
    }

    @Test
    void aLongerNameIsNotThePage() {
        assertThat(RolePages.needed("/ui/suchen")).isNull();
        assertThat(RolePages.needed("/ui/aufsichtx/ereignisse")).isNull();
        assertThat(RolePages.needed("/ui/zweck")).as("every role's own page").isNull();
    }
}
