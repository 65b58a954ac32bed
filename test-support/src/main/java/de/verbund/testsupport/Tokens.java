package de.verbund.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real access tokens from the real Keycloak: the password grant of the development client {@code verbund-cli}
 * for the demo users, the client-credentials grant for submitting systems. Cached until shortly before expiry.
 */
public final class Tokens {

    public static final String DEMO_PASSWORD = "verbund-demo";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    private record Cached(String token, Instant expires) {}

    private Tokens() {
    }

    /** An access token of a demo user, e.g. {@code Tokens.of("analyst-bka")}. */
    public static String of(String username) {
        return cached("user:" + username, () -> fetch(Map.of("grant_type", "password", "client_id", "verbund-cli",
                "username", username, "password", DEMO_PASSWORD)));
    }

    /** An access token of a confidential client through the client-credentials grant. */
    public static String ofClient(String clientId, String secret) {
        return cached("client:" + clientId, () -> fetch(Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", secret)));
    }

    private static String cached(String key, java.util.function.Supplier<Cached> fetch) {
        Cached c = CACHE.get(key);
        if (c == null || c.expires().isBefore(Instant.now().plusSeconds(30))) {
            c = fetch.get();
            CACHE.put(key, c);
        }
        return c.token();
    }

    private static Cached fetch(Map<String, String> form) {
        String issuer = VerbundServices.endpoints().issuer();
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ServicesMissing("Keycloak refused a token (" + response.statusCode() + ") for "
                        + form.getOrDefault("username", form.get("client_id")));
            }
            JsonNode json = JSON.readTree(response.body());
            return new Cached(json.get("access_token").asString(),
                    Instant.now().plusSeconds(json.get("expires_in").asLong()));
        } catch (IOException e) {
            throw new ServicesMissing("Keycloak does not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServicesMissing("interrupted while fetching a token");
        }
    }
}
