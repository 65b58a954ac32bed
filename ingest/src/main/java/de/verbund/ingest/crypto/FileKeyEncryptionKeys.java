package de.verbund.ingest.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;

import de.verbund.access.label.Authority;
import de.verbund.access.secret.PrivateFiles;

/**
 * The key-encryption keys in a PKCS#12 keystore file, protected by a master secret from the environment: the
 * development option (the keys are in the hub's memory and on its disk). Production and the local scripts keep them in
 * a PKCS#11 token ({@link TokenKeyEncryptionKeys}); {@link #aliases()} and {@link #secretKey} let the token import these
 * keys once, so that originals wrapped before keep opening.
 */
public final class FileKeyEncryptionKeys implements KeyEncryptionKeys {

    private final Path file;
    private final char[] password;
    private final KeyStore store;
    private final ReentrantLock lock = new ReentrantLock();
    /** Unwrapped keys by alias: PKCS#12 protects each entry with PBKDF2, far too slow to run per submission. */
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<Kek>> cache = new java.util.concurrent.ConcurrentHashMap<>();
    /** Latest version per authority, known after the first look-up. */
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> latest = new java.util.concurrent.ConcurrentHashMap<>();

    private FileKeyEncryptionKeys(Path file, char[] password, KeyStore store) {
        this.file = file;
        this.password = password;
        this.store = store;
    }

    /** Opens the keystore, creating it and a first key for each police authority when missing. */
    public static FileKeyEncryptionKeys open(Path file, char[] masterSecret) {
        if (masterSecret.length < 16) {
            throw new IllegalArgumentException("the master secret must have at least 16 characters");
        }
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    ks.load(in, masterSecret);
                }
            } else {
                ks.load(null, masterSecret);
            }
            FileKeyEncryptionKeys keys = new FileKeyEncryptionKeys(file, masterSecret.clone(), ks);
            boolean changed = false;
            for (String authority : Authority.policeCodes()) {
                if (keys.latestVersion(authority) == 0) {
                    keys.addVersion(authority, 1);
                    changed = true;
                }
            }
            if (changed) {
                keys.save();
            }
            return keys;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the key-encryption keystore " + file + " cannot be opened", e);
        }
    }

    @Override
    public Kek rotate(Authority authority) {
        lock.lock();
        try {
            int next = latestVersion(authority.code()) + 1;
            addVersion(authority.code(), next);
            save();
            return version(authority.code(), next).orElseThrow();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("key rotation failed", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void destroy(String authority, int version) {
        lock.lock();
        try {
            if (version >= latestVersion(authority)) {
                throw new IllegalArgumentException("the current key version cannot be destroyed");
            }
            store.deleteEntry(alias(authority, version));
            cache.remove(alias(authority, version));
            save();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("destroying a key version failed", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Kek> version(String authority, int version) {
        return cache.computeIfAbsent(alias(authority, version), a -> load(authority, version));
    }

    /** The aliases ({@code kek-<authority>-v<N>}) of all keys in the file. */
    public java.util.List<String> aliases() {
        try {
            return Collections.list(store.aliases());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key of an alias, for the one-time import into a token; the caller wipes what it copies. */
    public Optional<SecretKey> secretKey(String alias) {
        try {
            return store.getEntry(alias, new KeyStore.PasswordProtection(password)) instanceof KeyStore.SecretKeyEntry e
                    ? Optional.of(e.getSecretKey()) : Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keystore entry unreadable", e);
        }
    }

    private Optional<Kek> load(String authority, int version) {
        try {
            KeyStore.Entry entry = store.getEntry(alias(authority, version), new KeyStore.PasswordProtection(password));
            if (entry instanceof KeyStore.SecretKeyEntry secret) {
                return Optional.of(new SoftwareKek(authority, version, secret.getSecretKey()));
            }
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keystore entry unreadable", e);
        }
    }

    @Override
    public int latestVersion(String authority) {
        Integer known = latest.get(authority);
        if (known != null) {
            return known;
        }
        try {
            int found = 0;
            String prefix = "kek-" + authority.toLowerCase() + "-v";
            for (String alias : Collections.list(store.aliases())) {
                if (alias.startsWith(prefix)) {
                    found = Math.max(found, Integer.parseInt(alias.substring(prefix.length())));
                }
            }
            if (found > 0) {
                latest.put(authority, found);
            }
            return found;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void addVersion(String authority, int version) throws GeneralSecurityException {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256, new SecureRandom());
        SecretKey key = generator.generateKey();
        store.setEntry(alias(authority, version), new KeyStore.SecretKeyEntry(key), new KeyStore.PasswordProtection(password));
        latest.put(authority, version);
    }

    private void save() throws IOException, GeneralSecurityException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        store.store(out, password);
        PrivateFiles.write(file, out.toByteArray());
    }

    private static String alias(String authority, int version) {
        return KeyEncryptionKeys.label(authority, version);
    }

    /** A key held in memory: AES key wrap (RFC 3394) with the JDK's provider. */
    record SoftwareKek(String authority, int version, SecretKey key) implements Kek {
        @Override
        public byte[] wrap(byte[] dataKey) {
            try {
                javax.crypto.Cipher kw = javax.crypto.Cipher.getInstance("AESWrap");
                kw.init(javax.crypto.Cipher.WRAP_MODE, key);
                return kw.wrap(new javax.crypto.spec.SecretKeySpec(dataKey, "AES"));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES key wrap failed", e);
            }
        }

        @Override
        public byte[] unwrap(byte[] wrapped) {
            try {
                javax.crypto.Cipher kw = javax.crypto.Cipher.getInstance("AESWrap");
                kw.init(javax.crypto.Cipher.UNWRAP_MODE, key);
                return kw.unwrap(wrapped, "AES", javax.crypto.Cipher.SECRET_KEY).getEncoded();
            } catch (java.security.InvalidKeyException e) {
                throw new IllegalArgumentException("the wrapped key does not unwrap under " + id());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES key unwrap failed", e);
            }
        }

        @Override
        public String toString() {
            return "Kek[" + id() + "]";
        }
    }
}
