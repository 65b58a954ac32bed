package de.verbund.hub.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens whose signature has verified, so that a client sending the same token with every request (a
 * case system, the web UI's session, an analyst's script) pays for parsing and the RS256 verification once, not per
 * request (performance issue: one in eight samples of a search's CPU time). Only the exact token string, byte for
 * byte, finds an entry, and only a token the {@code delegate} accepted is ever stored; a forged or altered token
 * always goes to the delegate. On every use the claims are validated again with the same {@code validator} (issuer,
 * audience, expiry with its skew, not-before, subject claims), so a remembered token stops counting exactly when an
 * uncached one would. Entries go when their token has expired; at most {@code capacity} are held, and beyond that a
 * token is simply verified each time.
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder delegate;
    private final OAuth2TokenValidator<Jwt> validator;
    private final int capacity;
    private final Clock clock;
    private final Map<String, Jwt> verified = new ConcurrentHashMap<>();
    private final AtomicInteger stored = new AtomicInteger();

    VerifiedTokens(JwtDecoder delegate, OAuth2TokenValidator<Jwt> validator, int capacity, Clock clock) {
        this.delegate = delegate;
        this.validator = validator;
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.get(token);
        if (known != null) {
            OAuth2TokenValidatorResult result = validator.validate(known);
            if (result.hasErrors()) {
                verified.remove(token);
                throw new JwtValidationException("the token is no longer valid", result.getErrors());
            }
            return known;
        }
        Jwt jwt = delegate.decode(token);
        if (jwt.getExpiresAt() != null) {
            if (verified.size() >= capacity || stored.incrementAndGet() % 1_000 == 0) {
                forgetExpired();
            }
            if (verified.size() < capacity) {
                verified.put(token, jwt);
            }
        }
        return jwt;
    }

    /** Drops the tokens past their expiry (the validator's skew aside: an expired one is refused on use anyway). */
    void forgetExpired() {
        Instant now = clock.instant();
        verified.values().removeIf(jwt -> jwt.getExpiresAt() == null || !jwt.getExpiresAt().isAfter(now));
    }

    int size() {
        return verified.size();
    }
}
