package de.verbund.ingest.crypto;

import java.nio.file.Path;
import java.util.Optional;

import de.verbund.access.label.Authority;

/**
 * The key-encryption keys of all police authorities, versioned, outside PostgreSQL: in a PKCS#11 token
 * ({@link TokenKeyEncryptionKeys}, production and the local scripts) or in a PKCS#12 file ({@link FileKeyEncryptionKeys},
 * development only). A new version only affects new wrapping; older versions stay for unwrapping until every data key
 * was re-wrapped.
 */
public interface KeyEncryptionKeys {

    /** The key new originals of this authority are wrapped with: its newest version. */
    default Kek current(Authority authority) {
        int version = latestVersion(authority.code());
        if (version == 0) {
            throw new IllegalStateException("no key-encryption key for " + authority);
        }
        return version(authority.code(), version).orElseThrow();
    }

    /** Looks a key up by the id written into a KEKRecipientInfo. */
    default Optional<Kek> byId(byte[] id) {
        return parseId(id).flatMap(k -> version(k.authority(), k.version()));
    }

    /** One version of an authority's key, if it exists. */
    Optional<Kek> version(String authority, int version);

    /** The newest version of an authority's key; 0 when it has none. */
    int latestVersion(String authority);

    /** Adds a new version for the authority and makes it current (key rotation). */
    Kek rotate(Authority authority);

    /**
     * Destroys an older version of an authority's key (after every data key wrapped under it was re-wrapped):
     * whatever is still wrapped under it — an old backup of the vault — no longer opens. The current version cannot
     * be destroyed.
     */
    void destroy(String authority, int version);

    /** The development key store in a PKCS#12 file, created with a first key per police authority when missing. */
    static FileKeyEncryptionKeys open(Path file, char[] masterSecret) {
        return FileKeyEncryptionKeys.open(file, masterSecret);
    }

    /** Parses {@code verbund:kek:<AUTHORITY>:v<N>}; empty for anything else. */
    static Optional<KekId> parseId(byte[] id) {
        String text = new String(id, java.nio.charset.StandardCharsets.US_ASCII);
        String[] parts = text.split(":");
        if (parts.length != 4 || !parts[0].equals("verbund") || !parts[1].equals("kek") || !parts[3].startsWith("v")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KekId(parts[2], Integer.parseInt(parts[3].substring(1))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The authority and version a key id names. */
    record KekId(String authority, int version) {}

    /** The label of a key version in a key store or token: {@code kek-<authority lower case>-v<N>}. */
    static String label(String authority, int version) {
        return "kek-" + authority.toLowerCase(java.util.Locale.ROOT) + "-v" + version;
    }
}
