package de.verbund.ingest.crypto;

import java.nio.charset.StandardCharsets;

import javax.crypto.SecretKey;

/**
 * One version of an authority's key-encryption key. Its id ({@code verbund:kek:<AUTHORITY>:v<N>}) is written into
 * the CMS KEKRecipientInfo, so an authority can unwrap with standard tools ({@code openssl cms -decrypt
 * -secretkey … -secretkeyid …}).
 */
public record Kek(String authority, int version, SecretKey key) {

    public String id() {
        return "verbund:kek:" + authority + ":v" + version;
    }

    public byte[] idBytes() {
        return id().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "Kek[" + id() + "]";
    }
}
