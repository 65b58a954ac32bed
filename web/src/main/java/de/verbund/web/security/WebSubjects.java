package de.verbund.web.security;

import de.verbund.access.subject.Subject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.stereotype.Component;

/**
 * The subject of a browser session, built exactly as for the API: from the session's access token (refreshed when
 * expired), validated by the hub's own decoder (signature, issuer, audience {@code verbund-hub}, expiry, subject
 * claims). A session whose token cannot be refreshed any more is no session.
 */
@Component
public class WebSubjects {

    private static final String ATTRIBUTE = WebSubjects.class.getName() + ".subject";

    private final OAuth2AuthorizedClientManager clients;
    private final JwtDecoder decoder;

    WebSubjects(OAuth2AuthorizedClientManager clients, JwtDecoder decoder) {
        this.clients = clients;
        this.decoder = decoder;
    }

    /**
     * @throws org.springframework.security.oauth2.client.ClientAuthorizationRequiredException when the session's
     *         tokens are gone (the user logs in again)
     */
    public Subject of(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        // the header (PageModel) and the page both ask: load, refresh and validate the token once per request
        if (request.getAttribute(ATTRIBUTE) instanceof Subject known) {
            return known;
        }
        Subject subject = load(authentication, request, response);
        request.setAttribute(ATTRIBUTE, subject);
        return subject;
    }

    private Subject load(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
        OAuth2AuthorizedClient client = clients.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(WebSecurityConfiguration.REGISTRATION).principal(authentication)
                .attribute(HttpServletRequest.class.getName(), request)
                .attribute(HttpServletResponse.class.getName(), response).build());
        if (client == null) {
            throw new org.springframework.security.oauth2.client.ClientAuthorizationRequiredException(
                    WebSecurityConfiguration.REGISTRATION);
        }
        Jwt jwt = decoder.decode(client.getAccessToken().getTokenValue());
        return Subject.fromClaims(jwt.getClaims());
    }
}
