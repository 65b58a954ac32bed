package de.verbund.search.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Paging cursors: the point-in-time id and the search_after values, sealed with AES-256-GCM. The cursor reveals
 * nothing (not the point-in-time id with its index name, not the user, the expiry or the sort values of the last hit)
 * and is bound to the user and the query as associated data, valid for the point in time's keep-alive. A cursor of
 * another user, another query, another key, or a modified one is refused like a malformed one (docs/lessons.md:
 * Datashare bound async-search ids to their user).
 *
 * <p>Format: base64url of {@code 0x01 ‖ 12-byte random nonce ‖ ciphertext ‖ 16-byte tag}. The key is derived from
 * {@code verbund.search.cursor-key} (shared by all hub nodes) or random per node when that is empty.
 */
@Component
public class SearchCursors {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte VERSION = 1;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_LENGTH = 8192;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    SearchCursors(SearchProperties properties) {
        String configured = properties.cursorKey();
        byte[] material;
        if (configured.isBlank()) {
            material = new byte[32];
            RANDOM.nextBytes(material); // one hub node; several nodes share verbund.search.cursor-key
        } else {
            material = sha256(("verbund-search-cursor\0" + configured).getBytes(StandardCharsets.UTF_8));
        }
        key = new SecretKeySpec(material, "AES");
    }

    /** @param pit the point in time of the pages after the second; empty in the cursor of the first page */
    public record Cursor(String pit, List<Object> searchAfter) {}

    /** Seals the position of a page for this user and query until {@code expires}. */
    public String seal(String pit, List<Object> searchAfter, String userId, String queryHash, Instant expires) {
        byte[] plain = JSON.writeValueAsBytes(new Payload(pit, searchAfter, expires.getEpochSecond()));
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(associatedData(userId, queryHash));
            byte[] sealed = gcm.doFinal(plain);
            ByteBuffer out = ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Opens a cursor this hub sealed for this user and query.
     *
     * @throws InvalidQuery for anything else: garbage, another user's or query's cursor, a modified or expired one
     */
    public Cursor open(String cursor, String userId, String queryHash) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            throw new InvalidQuery("the cursor is not valid");
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw new InvalidQuery("the cursor is not valid");
        }
        if (raw.length < 1 + NONCE_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
            throw new InvalidQuery("the cursor is not valid");
        }
        JsonNode p;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, NONCE_BYTES));
            gcm.updateAAD(associatedData(userId, queryHash));
            p = JSON.readTree(gcm.doFinal(raw, 1 + NONCE_BYTES, raw.length - 1 - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            throw new InvalidQuery("the cursor is not valid");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } catch (JacksonException e) {
            throw new InvalidQuery("the cursor is not valid");
        }
        if (p.path("expires").asLong() < Instant.now().getEpochSecond()) {
            throw new InvalidQuery("the cursor is not valid for this search");
        }
        List<Object> after = JSON.convertValue(p.get("searchAfter"),
                JSON.getTypeFactory().constructCollectionType(List.class, Object.class));
        return new Cursor(p.get("pit").asString(), after);
    }

    public static String hash(String... parts) {
        MessageDigest sha = sha256();
        for (String part : parts) {
            sha.update(part.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    private static byte[] associatedData(String userId, String queryHash) {
        return ("verbund-cursor-v1\0" + userId + "\0" + queryHash).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] input) {
        return sha256().digest(input);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record Payload(String pit, List<Object> searchAfter, long expires) {}
}
