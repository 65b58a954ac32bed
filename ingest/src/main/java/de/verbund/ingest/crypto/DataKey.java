package de.verbund.ingest.crypto;

import java.util.Arrays;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A report's own data key (AES-256), unwrapped in memory: the key of its original's CMS content, and the key its
 * text and normalised form are sealed with in PostgreSQL ({@link SealedField}). Its only wrapped copy is in the
 * original's CMS header in the vault, so destroying that header destroys the key for every copy (docs/adr/0015).
 * Never logged: {@link #toString()} names no bytes.
 */
public final class DataKey {

    private final byte[] key;

    DataKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a data key has 256 bits");
        }
        this.key = key.clone();
    }

    /** A copy of the key's bytes; the caller wipes it. */
    byte[] bytes() {
        return key.clone();
    }

    SecretKey secretKey() {
        return new SecretKeySpec(key, "AES");
    }

    /** Overwrites the key in memory; the instance is unusable afterwards. */
    public void wipe() {
        Arrays.fill(key, (byte) 0);
    }

    @Override
    public String toString() {
        return "DataKey[…]";
    }
}
