package de.verbund.hub.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The remembered verifications skip only the signature check, never a refusal an uncached token would get. */
class VerifiedTokensTests {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** A stand-in for the signature check: accepts tokens starting with "good", counts its calls. */
    static final class Signatures implements JwtDecoder {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Jwt decode(String token) {
            calls.incrementAndGet();
            if (!token.startsWith("good")) {
                throw new BadJwtException("signature does not verify");
            }
            return Jwt.withTokenValue(token).header("alg", "RS256").subject("analyst-nw")
                    .issuedAt(NOW.minusSeconds(10)).expiresAt(NOW.plusSeconds(300)).build();
        }
    }

    static JwtTimestampValidator validatorAt(Instant now) {
        JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ofSeconds(60));
        validator.setClock(Clock.fixed(now, ZoneOffset.UTC));
        return validator;
    }

    @Test
    void sameTokenAgainThenSignatureCheckedOnce() {
        Signatures signatures = new Signatures();
        VerifiedTokens tokens = new VerifiedTokens(signatures, validatorAt(NOW), 10, Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(tokens.decode("good.token.1").getSubject()).isEqualTo("analyst-nw");
        assertThat(tokens.decode("good.token.1").getSubject()).isEqualTo("analyst-nw");

        assertThat(signatures.calls).hasValue(1);
    }

    @Test
    void tokenRefusedThenNeverRememberedAndAlteredTokenCheckedAgain() {
        Signatures signatures = new Signatures();
        VerifiedTokens tokens = new VerifiedTokens(signatures, validatorAt(NOW), 10, Clock.fixed(NOW, ZoneOffset.UTC));
        tokens.decode("good.token.1");

        assertThatThrownBy(() -> tokens.decode("forged.token.1")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged.token.1")).isInstanceOf(BadJwtException.class);
        tokens.decode("good.token.1x"); // one character more: another token, checked on its own

        assertThat(signatures.calls).hasValue(4);
        assertThat(tokens.size()).isEqualTo(2);
    }

    @Test
    void rememberedTokenExpiredThenRefusedAsAnUncachedOneWouldBe() {
        Signatures signatures = new Signatures();
        Instant[] now = {NOW};
        JwtTimestampValidator validator = new JwtTimestampValidator(Duration.ofSeconds(60));
        validator.setClock(new Clock() {
            @Override public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        });
        VerifiedTokens tokens = new VerifiedTokens(signatures, validator, 10, Clock.fixed(NOW, ZoneOffset.UTC));
        tokens.decode("good.token.1");

        now[0] = NOW.plusSeconds(300 + 59); // within the validator's 60 s skew: still accepted, as uncached
        assertThat(tokens.decode("good.token.1").getSubject()).isEqualTo("analyst-nw");
        now[0] = NOW.plusSeconds(300 + 61);
        assertThatThrownBy(() -> tokens.decode("good.token.1")).isInstanceOf(JwtValidationException.class);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void fullThenTokensStillAcceptedButVerifiedEachTime() {
        Signatures signatures = new Signatures();
        VerifiedTokens tokens = new VerifiedTokens(signatures, validatorAt(NOW), 2, Clock.fixed(NOW, ZoneOffset.UTC));
        tokens.decode("good.a");
        tokens.decode("good.b");

        tokens.decode("good.c");
        tokens.decode("good.c");

        assertThat(tokens.size()).isEqualTo(2);
        assertThat(signatures.calls).hasValue(4);
    }

    @Test
    void expiredEntriesForgottenWhenFull() {
        Signatures signatures = new Signatures();
        VerifiedTokens tokens = new VerifiedTokens(signatures, validatorAt(NOW), 2,
                Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
        tokens.decode("good.a");
        tokens.decode("good.b");

        tokens.decode("good.c"); // full: the two expired (by the hub's clock) make room

        assertThat(tokens.size()).isEqualTo(1);
    }
}
