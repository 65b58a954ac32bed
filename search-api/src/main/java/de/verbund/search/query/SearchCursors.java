package de.verbund.search.query;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paging cursors: the point-in-time id and search_after values, bound to the user and the query, signed with
 * HMAC-SHA256, valid for the point in time's keep-alive. A cursor of another user, another query, or a modified
 * one is refused like a malformed one (docs/lessons.md: Datashare bound async-search ids to their user).
 */
@Component
public class SearchCursors {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] key;

    SearchCursors(SearchProperties properties) {
        String configured = properties.cursorKey();
        if (configured.isBlank()) {
            key = new byte[32];
            new SecureRandom().nextBytes(key); // one hub node; several nodes share verbund.search.cursor-key
        } else {
            key = configured.getBytes(StandardCharsets.UTF_8);
        }
    }

    public record Cursor(String pit, List<Object> searchAfter) {}

    public String sign(String pit, List<Object> searchAfter, String userId, String queryHash, Instant expires) {
        String payload = JSON.writeValueAsString(new Payload(pit, searchAfter, userId, queryHash, expires.getEpochSecond()));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(body));
    }

    public Cursor verify(String cursor, String userId, String queryHash) {
        int dot = cursor.indexOf('.');
        if (dot < 1 || cursor.length() > 8192) {
            throw new InvalidQuery("the cursor is not valid");
        }
        String body = cursor.substring(0, dot);
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(cursor.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("the cursor is not valid");
        }
        if (!MessageDigest.isEqual(mac(body), given)) {
            throw new InvalidQuery("the cursor is not valid");
        }
        JsonNode p = JSON.readTree(Base64.getUrlDecoder().decode(body));
        if (!p.get("user").asString().equals(userId) || !p.get("query").asString().equals(queryHash)
                || p.get("expires").asLong() < Instant.now().getEpochSecond()) {
            throw new InvalidQuery("the cursor is not valid for this search");
        }
        List<Object> after = JSON.convertValue(p.get("searchAfter"), JSON.getTypeFactory().constructCollectionType(List.class, Object.class));
        return new Cursor(p.get("pit").asString(), after);
    }

    public static String hash(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] mac(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record Payload(String pit, List<Object> searchAfter, String user, String query, long expires) {}
}
