package de.verbund.hub.security;

import java.net.URI;
import java.time.Clock;
import java.util.List;

import de.verbund.access.subject.Subject;
import de.verbund.hub.HubProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.header.writers.ContentSecurityPolicyHeaderWriter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.HandlerMapping;

/**
 * OAuth2 resource server. A token counts only when its RS256 signature verifies against the issuer's published
 * keys (no {@code alg=none}, no HMAC), and issuer, audience, expiry, not-before and the subject claims are valid.
 * Roles are separate duties: content endpoints need {@code analyst}, submission needs {@code submitter};
 * {@code oversight} and {@code admin} unlock no content.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** The API's paths; everything else is the browser's (the web module's chain, order 2). */
    static final String[] API_PATHS = {"/api/**", "/actuator/**", "/v3/**", "/swagger-ui/**", "/swagger-ui.html", "/error"};

    /**
     * The management port ({@code management.server.port}, bound to an address users cannot reach): health for the
     * load balancer and the orchestrator, metrics in Prometheus' format for the operators' scraper, nothing else. Without
     * a separate port this chain matches nothing, and the API chain below guards the same paths (metrics: admins).
     */
    @Bean
    @Order(0)
    SecurityFilterChain management(HttpSecurity http,
            @org.springframework.beans.factory.annotation.Value("${management.server.port:}") String managementPort,
            @org.springframework.beans.factory.annotation.Value("${server.port:8080}") String serverPort) throws Exception {
        int port = managementPort.isBlank() || managementPort.equals(serverPort) ? -1 : Integer.parseInt(managementPort);
        http
            .securityMatcher(request -> port > 0 && request.getLocalPort() == port)
            .csrf(c -> c.disable())
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(API_POLICY)))
            .authorizeHttpRequests(a -> a
                .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                .anyRequest().denyAll());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, JwtDecoder decoder, ProblemResponses problems,
                            ObjectProvider<HandlerMapping> handlerMappings, HubProperties hub) throws Exception {
        RequestMatcher swaggerUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
        http
            .securityMatcher(API_PATHS)
            .headers(h -> h
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(swaggerUi),
                        new ContentSecurityPolicyHeaderWriter(API_POLICY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(swaggerUi,
                        new ContentSecurityPolicyHeaderWriter(swaggerUiPolicy(hub.security().issuer()))))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                // written when the request starts, not when the response commits: a streamed original commits in
                // an async thread, where the path the matchers above need may already be cleared by the request's
                // own thread (IllegalArgumentException from ServletRequestPathUtils: a 500 on ~1 in 3,000 downloads
                // under the fault test's load)
                .addObjectPostProcessor(EAGER_HEADERS))
            .csrf(c -> c.disable()) // bearer tokens only, no cookies
            .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
            .authorizeHttpRequests(a -> a
                .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/metrics", "/actuator/metrics/**", "/actuator/prometheus")
                        .hasRole("admin")
                .requestMatchers(HttpMethod.POST, "/api/v1/reports", "/api/v1/reports/batch").hasRole("submitter")
                .requestMatchers(HttpMethod.GET, "/api/v1/reports/*", "/api/v1/reports/*/original",
                        "/api/v1/reports/*/related").hasRole("analyst")
                .requestMatchers(HttpMethod.POST, "/api/v1/search").hasRole("analyst")
                .requestMatchers(HttpMethod.POST, "/api/v1/selectors/check").hasRole("analyst")
                .requestMatchers(HttpMethod.POST, "/api/v1/access-requests").hasRole("analyst")
                .requestMatchers(HttpMethod.GET, "/api/v1/access-requests").hasAnyRole("analyst", "approver")
                .requestMatchers(HttpMethod.POST, "/api/v1/access-requests/*/decision",
                        "/api/v1/access-requests/*/revocation").hasRole("approver")
                .requestMatchers(HttpMethod.GET, "/api/v1/notifications").hasRole("approver")
                .requestMatchers(HttpMethod.POST, "/api/v1/reports/*/restriction", "/api/v1/reports/*/restriction/lifting")
                        .hasRole("approver")
                .requestMatchers(HttpMethod.GET, "/api/v1/restrictions").hasRole("approver")
                .requestMatchers(HttpMethod.POST, "/api/v1/reports/*/review", "/api/v1/reports/*/erasure").hasRole("approver")
                .requestMatchers(HttpMethod.POST, "/api/v1/reports/*/correction", "/api/v1/reports/*/versions")
                        .hasAnyRole("submitter", "approver")
                .requestMatchers(HttpMethod.GET, "/api/v1/reports/*/versions", "/api/v1/reports/*/versions/*").hasRole("analyst")
                .requestMatchers(HttpMethod.GET, "/api/v1/reviews", "/api/v1/reviews/notices").hasRole("approver")
                .requestMatchers(HttpMethod.POST, "/api/v1/admin/keys/*/rotation", "/api/v1/admin/keys/*/destruction",
                        "/api/v1/admin/vault/compaction")
                        .hasRole("admin")
                .requestMatchers(HttpMethod.GET, "/api/v1/admin/keys/rotations").hasRole("admin")
                .requestMatchers(HttpMethod.GET, "/api/v1/audit/public-key").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/v1/audit/**").hasRole("oversight")
                .requestMatchers("/error").permitAll()
                .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**").permitAll()
                // an endpoint without a rule above stays unreachable; an unknown route gets 404/405 (UnmappedRoutes)
                .anyRequest().access(new UnmappedRoutes(handlerMappings)))
            .oauth2ResourceServer(o -> o
                .jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(
                        jwt -> new SubjectAuthentication(jwt, Subject.fromClaims(jwt.getClaims()))))
                .authenticationEntryPoint(problems)
                .accessDeniedHandler(problems))
            .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }

    static final ObjectPostProcessor<HeaderWriterFilter> EAGER_HEADERS = new ObjectPostProcessor<>() {
        @Override
        public <O extends HeaderWriterFilter> O postProcess(O filter) {
            filter.setShouldWriteHeadersEagerly(true);
            return filter;
        }
    };

    /** JSON answers load nothing, run nothing and are framed nowhere. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * Swagger UI (springdoc's bundle has no inline script): its own scripts, its styles (the bundle injects style
     * elements, so inline styles are allowed here and only here), its icons as data: images, the API description from
     * the hub and, for the authorization-code login with PKCE, the token endpoint of the issuer. Checked in Chromium by
     * system-tests SwaggerUiTests: no violation while the page renders.
     */
    static String swaggerUiPolicy(String issuer) {
        URI uri = URI.create(issuer);
        String issuerOrigin = uri.getScheme() + "://" + uri.getRawAuthority();
        return "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' "
                + issuerOrigin + "; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    }

    @Bean
    JwtDecoder jwtDecoder(HubProperties hub) {
        HubProperties.Security properties = hub.security();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        OAuth2TokenValidator<Jwt> validator = validator(properties);
        decoder.setJwtValidator(validator);
        return new VerifiedTokens(decoder, validator, VERIFIED_TOKENS, Clock.systemUTC());
    }

    /** Tokens remembered after their signature verified (about 2 KB each). */
    static final int VERIFIED_TOKENS = 10_000;

    /**
     * No observations of Spring Security's filters, authentications and authorisations: they wrapped each of the
     * chain's ~15 filters in an observation on every request (about a tenth of a search's CPU time) and fed no
     * metric or trace anyone reads; requests are still measured as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Issuer, audience, expiry (required), not-before (60 s skew) and the subject claims. */
    public static OAuth2TokenValidator<Jwt> validator(HubProperties.Security properties) {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(properties.issuer()),
                new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                        aud -> aud != null && aud.contains(properties.audience())),
                new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null),
                new SubjectClaimsValidator());
    }
}
