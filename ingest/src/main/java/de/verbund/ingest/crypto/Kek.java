package de.verbund.ingest.crypto;

import java.nio.charset.StandardCharsets;

/**
 * One version of an authority's key-encryption key. Its id ({@code verbund:kek:<AUTHORITY>:v<N>}) is written into
 * the CMS KEKRecipientInfo. The key itself is not exposed: it wraps and unwraps data keys with AES key wrap
 * (RFC 3394, {@code id-aes256-wrap}), inside the PKCS#11 token in production ({@link TokenKeyEncryptionKeys}) or
 * in software from the development key store ({@link FileKeyEncryptionKeys}).
 */
public interface Kek {

    String authority();

    int version();

    default String id() {
        return "verbund:kek:" + authority() + ":v" + version();
    }

    default byte[] idBytes() {
        return id().getBytes(StandardCharsets.US_ASCII);
    }

    /** The data key wrapped under this key (RFC 3394). */
    byte[] wrap(byte[] dataKey);

    /**
     * The data key inside a wrapped one.
     *
     * @throws IllegalArgumentException when it was not wrapped under this key or was altered
     */
    byte[] unwrap(byte[] wrapped);
}
