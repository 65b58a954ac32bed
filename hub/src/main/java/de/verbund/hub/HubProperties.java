package de.verbund.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the hub itself, one record for its three key groups: the identity provider it trusts
 * ({@code verbund.security}), its Elasticsearch ({@code verbund.elasticsearch}) and its API limits
 * ({@code verbund.api}).
 */
@ConfigurationProperties("verbund")
public record HubProperties(Security security, Elasticsearch elasticsearch, @DefaultValue Api api) {

    public HubProperties {
        if (security == null || elasticsearch == null) {
            throw new IllegalArgumentException("verbund.security.* and verbund.elasticsearch.* are required");
        }
    }

    /**
     * The identity provider the hub trusts.
     *
     * @param issuer exact {@code iss} of accepted tokens
     * @param jwkSetUri where the signing keys are published
     * @param audience the {@code aud} value that names this hub
     */
    public record Security(String issuer, URI jwkSetUri, String audience) {
        public Security {
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

    /**
     * Where the hub's Elasticsearch is, and the file-realm user it connects as (role {@code verbund_hub}).
     *
     * @param url every node the client may call (comma-separated in the environment); a dead one is skipped
     * @param caCertificate PEM file of the CA that signed the nodes' HTTPS certificates; {@code null}: the JDK's trust
     */
    public record Elasticsearch(List<URI> url, String username, String password, @Nullable Path caCertificate) {
        public Elasticsearch {
            if (url == null || url.isEmpty() || url.stream().anyMatch(u -> !("http".equals(u.getScheme())
                    || "https".equals(u.getScheme())))) {
                throw new IllegalArgumentException("verbund.elasticsearch.url must be one or more http(s) URLs");
            }
            url = List.copyOf(url);
            if (caCertificate != null && caCertificate.toString().isEmpty()) {
                caCertificate = null;
            }
            if (username == null || username.isBlank() || password == null || password.isBlank()) {
                throw new IllegalArgumentException("verbund.elasticsearch.username and password are required");
            }
        }

        @Override
        public String toString() {
            return "Elasticsearch[url=" + url + ", username=" + username + ", password=***, caCertificate="
                    + caCertificate + "]";
        }
    }

    /** @param maxJsonBytes largest JSON request body (selector checks, searches, decisions) */
    public record Api(@DefaultValue("4194304") long maxJsonBytes) {
        public Api {
            if (maxJsonBytes < 1024) {
                throw new IllegalArgumentException("verbund.api.max-json-bytes must be at least 1024");
            }
        }
    }
}
