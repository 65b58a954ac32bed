package de.verbund.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import de.verbund.client.TokenSource;

/**
 * Real access tokens from the real Keycloak, through the project's client ({@link TokenSource}): the password
 * grant of the development client {@code verbund-cli} for the demo users, the client-credentials grant for
 * submitting systems. One source per user, so tokens are kept until shortly before expiry.
 */
public final class Tokens {

    public static final String DEMO_PASSWORD = "verbund-demo";

    private static final Map<String, TokenSource> SOURCES = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** An access token of a demo user, e.g. {@code Tokens.of("analyst-bka")}. */
    public static String of(String username) {
        return get("user:" + username, () -> TokenSource.password(VerbundServices.endpoints().issuer(), "verbund-cli",
                username, DEMO_PASSWORD));
    }

    /** An access token of a confidential client through the client-credentials grant. */
    public static String ofClient(String clientId, String secret) {
        return get("client:" + clientId, () -> TokenSource.clientCredentials(VerbundServices.endpoints().issuer(),
                clientId, secret));
    }

    private static String get(String key, java.util.function.Supplier<TokenSource> source) {
        try {
            return SOURCES.computeIfAbsent(key, k -> source.get()).get();
        } catch (TokenSource.TokenRefused e) {
            throw new ServicesMissing("Keycloak gave no token: " + e.getMessage());
        }
    }
}
