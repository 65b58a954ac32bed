package de.verbund.web.security;

import java.net.URI;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.session.HttpSessionEventPublisher;

/**
 * The browser's filter chain: every request that the API chain does not take (that one is stateless, bearer tokens
 * only). OAuth2 login with PKCE; the authorization request waits in a SameSite=Lax cookie because the session cookie
 * is SameSite=Strict and is not sent on the identity provider's redirect back; after login a same-site landing page
 * moves on, so that the Strict cookie goes along from then on. CSRF on every state change, a strict
 * Content-Security-Policy (no inline script or style) and the usual headers; logout ends the identity provider's
 * session too.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    static final String REGISTRATION = "keycloak";

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, ClientRegistrationRepository clients,
                            OAuth2AuthorizedClientRepository authorizedClients,
                            @Value("${verbund.security.issuer}") String issuer, WebLoginProperties login) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(clients,
                "/oauth2/authorization");
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler logout = new OidcClientInitiatedLogoutSuccessHandler(clients);
        logout.setPostLogoutRedirectUri("{baseUrl}/ui/abgemeldet");
        http
            .authorizeHttpRequests(a -> a
                .requestMatchers("/css/**", "/webjars/**", "/js/**", "/favicon.ico", "/ui/abgemeldet",
                        "/ui/angemeldet").permitAll()
                .anyRequest().authenticated())
            .oauth2Login(o -> o
                .authorizationEndpoint(e -> e.authorizationRequestResolver(pkce)
                        .authorizationRequestRepository(new LaxCookieAuthorizationRequests(login.loginKeyBytes())))
                .authorizedClientRepository(authorizedClients)
                .successHandler((request, response, authentication) -> response.sendRedirect("/ui/angemeldet")))
            .exceptionHandling(e -> e.authenticationEntryPoint(
                    new LoginUrlAuthenticationEntryPoint("/oauth2/authorization/" + REGISTRATION)))
            .logout(l -> l.logoutUrl("/ui/abmelden").logoutSuccessHandler(logout))
            .addFilterAfter(new AbsoluteSessionTimeout(), org.springframework.security.web.context.SecurityContextHolderFilter.class)
            .headers(h -> h
                .contentSecurityPolicy(c -> c.policyDirectives(policy(issuer)))
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    /**
     * Nothing inline, nothing from elsewhere; forms post only to the hub, and the logout redirects to the identity
     * provider (form-action covers redirects after a form).
     */
    static String policy(String issuer) {
        URI uri = URI.create(issuer);
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self' " + origin;
    }

    /**
     * The identity provider as a Keycloak realm at {@code verbund.security.issuer}: endpoints derived from it, the
     * issuer kept for the ID token's {@code iss} check. No discovery request at start, so the hub starts (and serves
     * the API) while the identity provider is down.
     */
    @Bean
    ClientRegistrationRepository clientRegistrations(WebLoginProperties login,
                                                     @Value("${verbund.security.issuer}") String issuer) {
        String oidc = issuer + "/protocol/openid-connect";
        return new org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository(
                org.springframework.security.oauth2.client.registration.ClientRegistration.withRegistrationId(REGISTRATION)
                        .clientId(login.clientId()).clientSecret(login.clientSecret())
                        .clientAuthenticationMethod(org.springframework.security.oauth2.core.ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .authorizationGrantType(org.springframework.security.oauth2.core.AuthorizationGrantType.AUTHORIZATION_CODE)
                        .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                        .scope("openid")
                        .issuerUri(issuer)
                        .authorizationUri(oidc + "/auth").tokenUri(oidc + "/token").jwkSetUri(oidc + "/certs")
                        .userInfoUri(oidc + "/userinfo").userNameAttributeName("preferred_username")
                        .providerConfigurationMetadata(java.util.Map.of("end_session_endpoint", oidc + "/logout"))
                        .clientName("Verbund").build());
    }

    /** Tokens in the session (PostgreSQL): they survive a hub restart and serve the user on every hub node. */
    @Bean
    OAuth2AuthorizedClientRepository authorizedClientRepository() {
        return new HttpSessionOAuth2AuthorizedClientRepository();
    }

    /** Hands out the access token of the session, refreshing it with the refresh token when it has expired. */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository clients,
                                                          OAuth2AuthorizedClientRepository authorizedClients) {
        DefaultOAuth2AuthorizedClientManager manager = new DefaultOAuth2AuthorizedClientManager(clients, authorizedClients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode().refreshToken().build());
        return manager;
    }

    @Bean
    HttpSessionEventPublisher httpSessionEventPublisher() {
        return new HttpSessionEventPublisher();
    }
}
