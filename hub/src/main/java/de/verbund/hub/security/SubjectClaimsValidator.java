package de.verbund.hub.security;

import de.verbund.access.subject.InvalidSubject;
import de.verbund.access.subject.Subject;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/** A token whose claims do not describe a valid subject (authority, clearance, mandates, roles) is invalid: 401. */
final class SubjectClaimsValidator implements OAuth2TokenValidator<Jwt> {

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        try {
            Subject.fromClaims(token.getClaims());
            return OAuth2TokenValidatorResult.success();
        } catch (InvalidSubject | IllegalArgumentException e) {
            return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN,
                    "The token does not describe a valid subject", null));
        }
    }
}
