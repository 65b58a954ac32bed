package de.verbund.ingest.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import de.verbund.access.policy.ReportId;

/**
 * A report's text or normalised form as stored in PostgreSQL: AES-256-GCM under the report's {@link DataKey}
 * (NIST SP 800-38D; a random 96-bit nonce per sealing), bound to the report and the column by the additional
 * authenticated data {@code verbund:<report id>:<field>}, so that a sealed value copied to another row or column
 * does not open. Layout: version byte {@code 1}, nonce (12 bytes), ciphertext with the 16-byte tag. Destroying the
 * data key (erasure) leaves every copy of these bytes — in the table, its WAL, its backups — unreadable
 * (docs/adr/0015).
 */
public final class SealedField {

    /** The columns a data key seals. */
    public enum Field { TEXT, NORMALISED }

    private static final byte VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private SealedField() {
    }

    public static byte[] seal(DataKey key, ReportId report, Field field, String plaintext) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(aad(report, field));
            byte[] ciphertext = gcm.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(1 + NONCE + ciphertext.length).put(VERSION).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /**
     * @throws IllegalArgumentException when the bytes were not sealed for this report and field under this key, or
     *         were altered
     */
    public static String open(DataKey key, ReportId report, Field field, byte[] sealed) {
        if (sealed.length < 1 + NONCE + TAG_BITS / 8 || sealed[0] != VERSION) {
            throw new IllegalArgumentException("not a sealed field");
        }
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE));
            gcm.updateAAD(aad(report, field));
            return new String(gcm.doFinal(sealed, 1 + NONCE, sealed.length - 1 - NONCE), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("the sealed " + field + " of " + report + " does not open under this key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed", e);
        }
    }

    private static byte[] aad(ReportId report, Field field) {
        return ("verbund:" + report + ":" + field.name().toLowerCase(java.util.Locale.ROOT)).getBytes(StandardCharsets.US_ASCII);
    }
}
