package de.verbund.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens from an OpenID Connect provider's token endpoint ({@code <issuer>/protocol/openid-connect/token}),
 * kept until 30 seconds before they expire. Tokens are never printed or logged; a refusal names only the HTTP status
 * and the user or client.
 */
public final class TokenSource implements Supplier<String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration MARGIN = Duration.ofSeconds(30);

    private final URI endpoint;
    private final Map<String, String> form;
    private final String who;
    private final HttpClient http;
    private final Clock clock;
    private @Nullable String token;
    private Instant expires = Instant.MIN;

    private TokenSource(String issuer, Map<String, String> form, String who, HttpClient http, Clock clock) {
        this.endpoint = URI.create(issuer + "/protocol/openid-connect/token");
        this.form = Map.copyOf(form);
        this.who = who;
        this.http = http;
        this.clock = clock;
    }

    /** The password grant of a public client (development realm: {@code verbund-cli} and the demo users). */
    public static TokenSource password(String issuer, String clientId, String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        return new TokenSource(issuer, form, username, VerbundClient.defaultHttp(), Clock.systemUTC());
    }

    /** The client-credentials grant of a confidential client (a case system that submits). */
    public static TokenSource clientCredentials(String issuer, String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return new TokenSource(issuer, form, clientId, VerbundClient.defaultHttp(), Clock.systemUTC());
    }

    /**
     * A valid access token, fetched anew when the kept one expires within 30 seconds.
     *
     * @throws TokenRefused when the provider does not answer or refuses
     */
    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        if (token == null || !now.plus(MARGIN).isBefore(expires)) {
            fetch(now);
        }
        return token;
    }

    private void fetch(Instant now) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(20)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new TokenRefused("the identity provider refused a token (HTTP " + response.statusCode()
                        + ") for " + who);
            }
            JsonNode json = JSON.readTree(response.body());
            token = json.get("access_token").asString();
            expires = now.plusSeconds(json.get("expires_in").asLong());
        } catch (IOException e) {
            throw new TokenRefused("the identity provider does not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenRefused("interrupted while fetching a token");
        }
    }

    /** No token: the provider is unreachable or refused the credentials. */
    public static final class TokenRefused extends RuntimeException {
        public TokenRefused(String message) {
            super(message);
        }
    }
}
