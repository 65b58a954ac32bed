package de.verbund.ingest.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
 * The key-encryption keys of all police authorities, versioned, in a PKCS#12 keystore outside PostgreSQL,
 * protected by a master secret from the environment or a file. A new version only affects new wrapping;
 * older versions stay for unwrapping until every data key was re-wrapped. An HSM can replace this class
 * (a PKCS#11 keystore offers the same {@link KeyStore} API).
 */
public final class KeyEncryptionKeys {

    private final Path file;
    private final char[] password;
    private final KeyStore store;
    private final ReentrantLock lock = new ReentrantLock();
    /** Unwrapped keys by alias: PKCS#12 protects each entry with PBKDF2, far too slow to run per submission. */
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<Kek>> cache = new java.util.concurrent.ConcurrentHashMap<>();
    /** Latest version per authority, known after the first look-up. */
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> latest = new java.util.concurrent.ConcurrentHashMap<>();

    private KeyEncryptionKeys(Path file, char[] password, KeyStore store) {
        this.file = file;
        this.password = password;
        this.store = store;
    }

    /** Opens the keystore, creating it and a first key for each police authority when missing. */
    public static KeyEncryptionKeys open(Path file, char[] masterSecret) {
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
            KeyEncryptionKeys keys = new KeyEncryptionKeys(file, masterSecret.clone(), ks);
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

    /** The key new originals of this authority are wrapped with. */
    public Kek current(Authority authority) {
        int version = latestVersion(authority.code());
        if (version == 0) {
            throw new IllegalStateException("no key-encryption key for " + authority);
        }
        return version(authority.code(), version).orElseThrow();
    }

    /** Looks a key up by the id written into a KEKRecipientInfo. */
    public Optional<Kek> byId(byte[] id) {
        String text = new String(id, StandardCharsets.US_ASCII);
        String[] parts = text.split(":");
        if (parts.length != 4 || !parts[0].equals("verbund") || !parts[1].equals("kek") || !parts[3].startsWith("v")) {
            return Optional.empty();
        }
        try {
            return version(parts[2], Integer.parseInt(parts[3].substring(1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Adds a new version for the authority and makes it current (key rotation). */
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

    private Optional<Kek> version(String authority, int version) {
        return cache.computeIfAbsent(alias(authority, version), a -> load(authority, version));
    }

    private Optional<Kek> load(String authority, int version) {
        try {
            KeyStore.Entry entry = store.getEntry(alias(authority, version), new KeyStore.PasswordProtection(password));
            if (entry instanceof KeyStore.SecretKeyEntry secret) {
                return Optional.of(new Kek(authority, version, secret.getSecretKey()));
            }
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keystore entry unreadable", e);
        }
    }

    private int latestVersion(String authority) {
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
        return "kek-" + authority.toLowerCase() + "-v" + version;
    }
}
