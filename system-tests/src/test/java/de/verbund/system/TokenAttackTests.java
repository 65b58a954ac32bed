package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import de.verbund.hub.HubProperties;
import de.verbund.hub.security.SecurityConfiguration;
import de.verbund.system.HubClient;
import de.verbund.system.HubTest;
import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Forged and invalid tokens get 401 and no data; nothing in a request can override the token's authority. */
@HubTest
class TokenAttackTests {

    static final Map<String, Object> SEARCH = Map.of("query", "Phishing", "purpose", "p", "caseReference", "c");

    @LocalServerPort
    int port;

    HubClient hub;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
    }

    static String[] parts(String token) {
        return token.split("\\.");
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String payloadOf(String token) {
        return new String(Base64.getUrlDecoder().decode(parts(token)[1]), StandardCharsets.UTF_8);
    }

    void expect401(String token, String what) {
        VerbundClient.Response r = hub.search(token, SEARCH);
        assertThat(r.status()).as(what).isEqualTo(401);
        assertThat(r.body()).as(what).doesNotContain("hits");
    }

    @Test
    void unsignedTokenThenUnauthorized() {
        String real = Tokens.of("analyst-bka");
        expect401(b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts(real)[1] + ".", "alg=none");
    }

    @Test
    void tamperedClaimsWithOriginalSignatureThenUnauthorized() {
        String real = Tokens.of("analyst-by");
        String payload = payloadOf(real).replace("\"LKA-BY\"", "\"BKA\"").replace("\"VS-NFD\"", "\"GEHEIM\"");
        expect401(parts(real)[0] + "." + b64(payload) + "." + parts(real)[2], "claims changed");
    }

    @Test
    void tokenSignedWithAnotherKeyThenUnauthorized() throws Exception {
        String real = Tokens.of("analyst-bka");
        String kid = VerbundClient.JSON.readTree(Base64.getUrlDecoder().decode(parts(real)[0])).get("kid").asString();
        KeyPair attacker = rsa();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                JWTClaimsSet.parse(payloadOf(real)));
        jwt.sign(new RSASSASigner(attacker.getPrivate()));
        expect401(jwt.serialize(), "foreign key with Keycloak's kid");
    }

    @Test
    void hs256SignedWithThePublicKeyThenUnauthorized() throws Exception {
        String real = Tokens.of("analyst-bka");
        String jwks = new String(URI.create(VerbundServices.endpoints().issuer() + "/protocol/openid-connect/certs")
                .toURL().openStream().readAllBytes(), StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), JWTClaimsSet.parse(payloadOf(real)));
        byte[] secret = jwks.getBytes(StandardCharsets.UTF_8);
        jwt.sign(new MACSigner(secret));
        expect401(jwt.serialize(), "HS256 with the published key material");
    }

    @Test
    void garbageTokensThenUnauthorized() {
        for (String garbage : List.of("x", "a.b.c", "eyJhbGciOiJSUzI1NiJ9..", "Bearer", "%00")) {
            expect401(garbage, garbage);
        }
    }

    @Test
    void requestCannotOverrideTheTokensAuthority() {
        VerbundClient.Response body = hub.post(Tokens.of("analyst-by"), "/api/v1/search",
                "{\"query\":\"Phishing\",\"purpose\":\"p\",\"caseReference\":\"c\",\"authority\":\"BKA\",\"clearance\":\"GEHEIM\"}");
        assertThat(body.status()).isEqualTo(400);
        VerbundClient.Response header = hub.get(Tokens.of("analyst-by"), "/api/v1/reports/00000000-0000-0000-0000-000000000000"
                + "?purpose=p&caseReference=c&authority=BKA", Map.of("X-Authority", "BKA", "X-Forwarded-User", "analyst-bka"));
        assertThat(header.status()).isEqualTo(404);
    }

    // ---- validator level: tokens with a valid signature (a key of the test) but bad claims

    static final HubProperties.Security PROPS = new HubProperties.Security("https://idp.example/realms/verbund",
            URI.create("https://idp.example/certs"), "verbund-hub");

    @Test
    void validSignatureButBadClaimsThenRejected() throws Exception {
        KeyPair key = rsa();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) key.getPublic()).build();
        decoder.setJwtValidator(SecurityConfiguration.validator(PROPS));

        assertThat(decoder.decode(sign(key, c -> { })).getClaimAsString("authority")).isEqualTo("LKA-BY");
        Map<String, Consumer<JWTClaimsSet.Builder>> attacks = Map.ofEntries(
                Map.entry("wrong issuer", c -> c.issuer("https://evil.example/realms/verbund")),
                Map.entry("wrong audience", c -> c.audience("another-app")),
                Map.entry("no audience", c -> c.audience((String) null)),
                Map.entry("expired", c -> c.expirationTime(Date.from(Instant.now().minusSeconds(120)))),
                Map.entry("no expiry", c -> c.expirationTime(null)),
                Map.entry("not yet valid", c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))),
                Map.entry("missing authority", c -> c.claim("authority", null)),
                Map.entry("unknown authority", c -> c.claim("authority", "LKA-XX")),
                Map.entry("missing clearance", c -> c.claim("clearance", null)),
                Map.entry("unknown clearance", c -> c.claim("clearance", "STRENG GEHEIM")),
                Map.entry("missing roles", c -> c.claim("roles", null)),
                Map.entry("unknown role", c -> c.claim("roles", List.of("superuser"))));
        attacks.forEach((name, change) -> assertThatThrownBy(() -> decoder.decode(sign(key, change)))
                .as(name).isInstanceOf(JwtException.class));
    }

    static String sign(KeyPair key, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(PROPS.issuer()).audience("verbund-hub").subject("u-1")
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).issueTime(new Date())
                .claim("authority", "LKA-BY").claim("clearance", "VS-NFD").claim("mandates", List.of("CYBER"))
                .claim("roles", List.of("analyst"));
        change.accept(claims);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner(key.getPrivate()));
        return jwt.serialize();
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
