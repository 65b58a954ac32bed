package de.verbund.hub.config;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the hub's Elasticsearch is, and the file-realm user it connects as (role {@code verbund_hub}). */
@ConfigurationProperties("verbund.elasticsearch")
public record ElasticsearchProperties(URI url, String username, String password) {

    public ElasticsearchProperties {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("verbund.elasticsearch.url must be an http(s) URL");
        }
        if (username == null || username.isBlank() || password == null || password.isBlank()) {
            throw new IllegalArgumentException("verbund.elasticsearch.username and password are required");
        }
    }

    @Override
    public String toString() {
        return "ElasticsearchProperties[url=" + url + ", username=" + username + ", password=***]";
    }
}
