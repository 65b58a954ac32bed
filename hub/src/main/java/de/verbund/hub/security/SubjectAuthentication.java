package de.verbund.hub.security;

import java.util.stream.Collectors;

import de.verbund.access.subject.Subject;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;

/** An authenticated request: the validated token and the subject built from it. */
public final class SubjectAuthentication extends AbstractOAuth2TokenAuthenticationToken<Jwt> {

    private final Subject subject;

    SubjectAuthentication(Jwt jwt, Subject subject) {
        super(jwt, subject, jwt, subject.roles().stream()
                .map(r -> new SimpleGrantedAuthority("ROLE_" + r.claim()))
                .collect(Collectors.toUnmodifiableSet()));
        this.subject = subject;
        setAuthenticated(true);
    }

    public Subject subject() {
        return subject;
    }

    @Override
    public java.util.Map<String, Object> getTokenAttributes() {
        return getToken().getClaims();
    }

    @Override
    public String getName() {
        return subject.userId();
    }
}
