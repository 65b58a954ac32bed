package de.verbund.search.security;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The identity provider the hub trusts.
 *
 * @param issuer exact {@code iss} of accepted tokens
 * @param jwkSetUri where the signing keys are published
 * @param audience the {@code aud} value that names this hub
 */
@ConfigurationProperties("verbund.security")
public record SecurityProperties(String issuer, URI jwkSetUri, String audience) {

    public SecurityProperties {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("verbund.security.issuer is required");
        }
        if (jwkSetUri == null) {
            throw new IllegalArgumentException("verbund.security.jwk-set-uri is required");
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("verbund.security.audience is required");
        }
    }
}
