package de.verbund.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web UI's client at the identity provider ({@code verbund.web}): a confidential client using the authorization
 * code flow with PKCE. The secret comes from the environment in production.
 */
@ConfigurationProperties("verbund.web")
public record WebLoginProperties(@DefaultValue("verbund-web") String clientId, String clientSecret) {

    public WebLoginProperties {
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("verbund.web.client-secret is required");
        }
    }

    @Override
    public String toString() {
        return "WebLoginProperties[clientId=" + clientId + ", clientSecret=***]";
    }
}
