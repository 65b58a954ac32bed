package de.verbund.web.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web UI's client at the identity provider ({@code verbund.web}): a confidential client using the authorization
 * code flow with PKCE. The secret comes from the environment in production.
 *
 * @param loginKey AES-256 key (Base64) that seals the pending login in its cookie; every hub instance behind one load
 *     balancer needs the same one, since the identity provider's redirect may reach another instance. Empty: a random
 *     key per process (a single instance; a login that straddles a restart starts again).
 */
@ConfigurationProperties("verbund.web")
public record WebLoginProperties(@DefaultValue("verbund-web") String clientId, String clientSecret,
                                 @DefaultValue("") String loginKey) {

    public WebLoginProperties {
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("verbund.web.client-secret is required");
        }
        if (!loginKey.isEmpty() && loginKeyBytes(loginKey).length != 32) {
            throw new IllegalArgumentException("verbund.web.login-key must be 32 bytes in Base64 (openssl rand -base64 32)");
        }
    }

    /** The configured login-cookie key, or empty for a random one per process. */
    byte[] loginKeyBytes() {
        return loginKey.isEmpty() ? new byte[0] : loginKeyBytes(loginKey);
    }

    private static byte[] loginKeyBytes(String base64) {
        try {
            return java.util.Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("verbund.web.login-key is not Base64", e);
        }
    }

    @Override
    public String toString() {
        return "WebLoginProperties[clientId=" + clientId + ", clientSecret=***, loginKey=***]";
    }
}
