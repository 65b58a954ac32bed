package de.verbund.ingest.crypto;

import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import de.verbund.access.label.Authority;
import de.verbund.access.secret.Pkcs11Token;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key-encryption keys in a PKCS#11 token: each version is an AES-256 key object labelled
 * {@code kek-<authority>-v<N>}, sensitive and not extractable, that can only wrap and unwrap. Data keys are wrapped
 * and unwrapped inside the token; the keys never leave it. Missing first versions are created when the token is
 * opened; keys of the development key store that the token lacks are imported once, so that originals wrapped
 * before the switch keep opening.
 */
public final class TokenKeyEncryptionKeys implements KeyEncryptionKeys {

    private static final Logger log = LoggerFactory.getLogger(TokenKeyEncryptionKeys.class);

    private final Pkcs11Token token;
    private final ConcurrentHashMap<String, Optional<Kek>> cache = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> latest = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    private TokenKeyEncryptionKeys(Pkcs11Token token) {
        this.token = token;
    }

    /**
     * Opens the keys in the token, importing the keys of {@code fileKeys} that the token does not hold and creating a
     * first version for each police authority that has none.
     */
    public static TokenKeyEncryptionKeys open(Pkcs11Token token, @Nullable FileKeyEncryptionKeys fileKeys) {
        TokenKeyEncryptionKeys keys = new TokenKeyEncryptionKeys(token);
        java.util.Set<String> present = new java.util.HashSet<>(token.secretKeyLabels());
        if (fileKeys != null) {
            int imported = 0;
            for (String alias : fileKeys.aliases()) {
                if (alias.startsWith("kek-") && !present.contains(alias)) {
                    byte[] key = fileKeys.secretKey(alias).orElseThrow().getEncoded();
                    try {
                        token.importWrappingKey(alias, key);
                    } finally {
                        Arrays.fill(key, (byte) 0);
                    }
                    present.add(alias);
                    imported++;
                }
            }
            if (imported > 0) {
                log.info("imported {} key-encryption key(s) of the development key store into the token", imported);
            }
        }
        for (String authority : Authority.policeCodes()) {
            if (keys.latestVersion(authority) == 0) {
                token.generateWrappingKey(KeyEncryptionKeys.label(authority, 1));
                keys.latest.put(authority, 1);
            }
        }
        return keys;
    }

    @Override
    public Kek rotate(Authority authority) {
        lock.lock();
        try {
            latest.remove(authority.code());
            int next = latestVersion(authority.code()) + 1;
            token.generateWrappingKey(KeyEncryptionKeys.label(authority.code(), next));
            latest.put(authority.code(), next);
            return version(authority.code(), next).orElseThrow();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void destroy(String authority, int version) {
        lock.lock();
        try {
            latest.remove(authority);
            if (version >= latestVersion(authority)) {
                throw new IllegalArgumentException("the current key version cannot be destroyed");
            }
            String label = KeyEncryptionKeys.label(authority, version);
            token.destroySecretKey(label);
            cache.remove(label);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Kek> version(String authority, int version) {
        String label = KeyEncryptionKeys.label(authority, version);
        Optional<Kek> known = cache.get(label);
        if (known != null && known.isPresent()) {
            return known;
        }
        // an absent version is looked up again next time: another hub node may have rotated meanwhile
        Optional<Kek> found = token.secretKey(label).map(handle -> new TokenKek(authority, version, token, handle));
        if (found.isPresent()) {
            cache.put(label, found);
        }
        return found;
    }

    @Override
    public int latestVersion(String authority) {
        Integer known = latest.get(authority);
        if (known != null) {
            return known;
        }
        String prefix = KeyEncryptionKeys.label(authority, 0);
        prefix = prefix.substring(0, prefix.length() - 1);
        int found = 0;
        for (String label : token.secretKeyLabels()) {
            if (label.startsWith(prefix)) {
                try {
                    found = Math.max(found, Integer.parseInt(label.substring(prefix.length())));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        if (found > 0) {
            latest.put(authority, found);
        }
        return found;
    }

    /** A key version in the token; wrapping and unwrapping run inside it. */
    record TokenKek(String authority, int version, Pkcs11Token token, Pkcs11Token.KeyHandle handle) implements Kek {
        @Override
        public byte[] wrap(byte[] dataKey) {
            return token.wrap(handle, dataKey);
        }

        @Override
        public byte[] unwrap(byte[] wrapped) {
            return token.unwrap(handle, wrapped);
        }

        @Override
        public String toString() {
            return "Kek[" + id() + " in the token]";
        }
    }
}
