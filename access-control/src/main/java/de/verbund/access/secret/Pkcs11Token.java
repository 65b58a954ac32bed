package de.verbund.access.secret;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xipki.pkcs11.wrapper.AttributeVector;
import org.xipki.pkcs11.wrapper.KeyPairTemplate;
import org.xipki.pkcs11.wrapper.Mechanism;
import org.xipki.pkcs11.wrapper.PKCS11Exception;
import org.xipki.pkcs11.wrapper.PKCS11KeyPair;
import org.xipki.pkcs11.wrapper.PKCS11Module;
import org.xipki.pkcs11.wrapper.Session;
import org.xipki.pkcs11.wrapper.Slot;
import org.xipki.pkcs11.wrapper.StaticLogger;
import org.xipki.pkcs11.wrapper.Token;
import org.xipki.pkcs11.wrapper.TokenException;

import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_AES;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKK_EC_EDWARDS;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_AES_KEY_WRAP;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EC_EDWARDS_KEY_PAIR_GEN;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKM_EDDSA;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_EC_POINT;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_LABEL;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKA_VALUE;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PRIVATE_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_PUBLIC_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKO_SECRET_KEY;
import static org.xipki.pkcs11.wrapper.PKCS11Constants.CKU_USER;

/**
 * A PKCS#11 token (a hardware security module; SoftHSM2 locally) that keeps keys inside: AES key-encryption keys
 * wrap and unwrap data keys with {@code CKM_AES_KEY_WRAP} (RFC 3394, the algorithm of a CMS KEKRecipientInfo) and an
 * Ed25519 key signs with {@code CKM_EDDSA}. Keys created or imported here are sensitive and not extractable: no
 * call of this class returns a key-encryption key or a private key. A data key is unwrapped into a session object,
 * read and destroyed at once (the bulk decryption runs in software).
 *
 * <p>Sessions are pooled (one thread per session at a time); the user logs in once for all of them. The wrapper's
 * own log is reduced to warnings and errors, which never carry attribute values.
 */
public final class Pkcs11Token implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Pkcs11Token.class);
    /** DER of the Ed25519 curve's object identifier 1.3.101.112 ({@code CKA_EC_PARAMS}). */
    private static final byte[] ED25519_PARAMS = {0x06, 0x03, 0x2b, 0x65, 0x70};

    private final PKCS11Module module;
    private final BlockingQueue<Session> sessions;
    private final String label;
    private final long slotId;

    private Pkcs11Token(PKCS11Module module, BlockingQueue<Session> sessions, String label, long slotId) {
        this.module = module;
        this.sessions = sessions;
        this.label = label;
        this.slotId = slotId;
    }

    /** The PKCS#11 slot id of the token (for other PKCS#11 clients, e.g. tools). */
    public long slotId() {
        return slotId;
    }

    /**
     * Opens the token with this label in the module and logs the user in.
     *
     * @throws IllegalStateException when the module cannot be loaded, no token has the label or the PIN is refused
     */
    public static Pkcs11Token open(Path library, String tokenLabel, char[] pin, int sessionCount) {
        StaticLogger.setLogger(new WarningsOnly());
        try {
            PKCS11Module module = PKCS11Module.getInstance(library.toString());
            module.initialize();
            Token token = null;
            for (Slot slot : module.getSlotList(true)) {
                Token candidate = slot.getToken();
                if (candidate.getTokenInfo().getLabel().strip().equals(tokenLabel)) {
                    token = candidate;
                }
            }
            if (token == null) {
                module.finalize(null);
                throw new IllegalStateException("no PKCS#11 token labelled '" + tokenLabel + "' in " + library);
            }
            BlockingQueue<Session> pool = new ArrayBlockingQueue<>(sessionCount);
            for (int i = 0; i < sessionCount; i++) {
                Session session = token.openSession(true);
                if (i == 0) {
                    session.login(CKU_USER, pin);
                }
                pool.add(session);
            }
            log.info("PKCS#11 token '{}' opened with {} sessions", tokenLabel, sessionCount);
            return new Pkcs11Token(module, pool, tokenLabel, token.getSlot().getSlotID());
        } catch (java.io.IOException | TokenException e) {
            throw new IllegalStateException("the PKCS#11 token '" + tokenLabel + "' in " + library
                    + " cannot be opened: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A handle of a key object in this token; valid as long as the token is open. */
    public record KeyHandle(String label, long handle) {}

    /** The secret (AES) key with this label, if the token holds one. */
    public Optional<KeyHandle> secretKey(String keyLabel) {
        return find(new AttributeVector().class_(CKO_SECRET_KEY).label(keyLabel), keyLabel);
    }

    /** Labels of all secret keys in the token (e.g. to find the newest version of a key). */
    public java.util.List<String> secretKeyLabels() {
        return withSession(s -> {
            long[] handles = s.findAllObjectsSingle(new AttributeVector().class_(CKO_SECRET_KEY));
            java.util.List<String> labels = new java.util.ArrayList<>(handles.length);
            for (long h : handles) {
                labels.add(s.getStringAttrValue(h, CKA_LABEL));
            }
            return labels;
        });
    }

    /** Generates a 256-bit AES key that can only wrap and unwrap, sensitive and never extractable. */
    public KeyHandle generateWrappingKey(String keyLabel) {
        long handle = withSession(s -> s.generateKey(new Mechanism(CKM_AES_KEY_GEN), wrappingKey(keyLabel).valueLen(32)));
        return new KeyHandle(keyLabel, handle);
    }

    /**
     * Imports an existing AES key (migration from the development key store) as a wrapping key; from then on it
     * cannot be read back. The caller wipes its copy.
     */
    public KeyHandle importWrappingKey(String keyLabel, byte[] key) {
        long handle = withSession(s -> s.createObject(wrappingKey(keyLabel).value(key)));
        return new KeyHandle(keyLabel, handle);
    }

    private static AttributeVector wrappingKey(String keyLabel) {
        return AttributeVector.newSecretKey(CKK_AES).token(true).label(keyLabel).private_(true).sensitive(true)
                .extractable(false).wrap(true).unwrap(true).encrypt(false).decrypt(false).modifiable(false);
    }

    /** Destroys the secret key with this label in the token (C_DestroyObject); nothing when there is none. */
    public void destroySecretKey(String keyLabel) {
        Optional<KeyHandle> key = secretKey(keyLabel);
        if (key.isPresent()) {
            withSession(s -> {
                s.destroyObject(key.get().handle());
                return null;
            });
        }
    }

    /** Wraps a data key (RFC 3394) under the wrapping key, inside the token. */
    public byte[] wrap(KeyHandle wrappingKey, byte[] dataKey) {
        return withSession(s -> {
            long temporary = s.createObject(AttributeVector.newSecretKey(CKK_AES).token(false).value(dataKey)
                    .extractable(true).sensitive(false));
            try {
                return s.wrapKey(new Mechanism(CKM_AES_KEY_WRAP), wrappingKey.handle(), temporary);
            } finally {
                s.destroyObject(temporary);
            }
        });
    }

    /**
     * Unwraps a data key (RFC 3394) inside the token and returns its bytes.
     *
     * @throws IllegalArgumentException when the wrapped key does not unwrap under this key (integrity check failed)
     */
    public byte[] unwrap(KeyHandle wrappingKey, byte[] wrapped) {
        return withSession(s -> {
            long temporary;
            try {
                temporary = s.unwrapKey(new Mechanism(CKM_AES_KEY_WRAP), wrappingKey.handle(), wrapped,
                        AttributeVector.newSecretKey(CKK_AES).token(false).extractable(true).sensitive(false));
            } catch (PKCS11Exception e) {
                throw new IllegalArgumentException("the wrapped key does not unwrap under " + wrappingKey.label());
            }
            try {
                return s.getAttrValues(temporary, CKA_VALUE).value();
            } finally {
                s.destroyObject(temporary);
            }
        });
    }

    /** The Ed25519 private key with this label, if the token holds one. */
    public Optional<KeyHandle> signingKey(String keyLabel) {
        return find(new AttributeVector().class_(CKO_PRIVATE_KEY).keyType(CKK_EC_EDWARDS).label(keyLabel), keyLabel);
    }

    /** Generates an Ed25519 key pair; the private half signs only and never leaves the token. */
    public KeyHandle generateSigningKey(String keyLabel) {
        return withSession(s -> {
            KeyPairTemplate template = new KeyPairTemplate(CKK_EC_EDWARDS).token(true).labels(keyLabel);
            template.publicKey().ecParams(ED25519_PARAMS).verify(true);
            template.privateKey().sign(true).sensitive(true).extractable(false).private_(true);
            PKCS11KeyPair pair = s.generateKeyPair(new Mechanism(CKM_EC_EDWARDS_KEY_PAIR_GEN), template);
            return new KeyHandle(keyLabel, pair.getPrivateKey());
        });
    }

    /**
     * Imports an existing Ed25519 key pair (migration of the development key file, so that earlier checkpoints keep
     * verifying under the published key). The caller wipes its copy of the seed.
     */
    public KeyHandle importSigningKey(String keyLabel, byte[] seed, byte[] publicKey) {
        return withSession(s -> {
            s.createObject(AttributeVector.newPublicKey(CKK_EC_EDWARDS).token(true).label(keyLabel)
                    .ecParams(ED25519_PARAMS).ecPoint(publicKey).verify(true));
            long handle = s.createObject(AttributeVector.newPrivateKey(CKK_EC_EDWARDS).token(true).label(keyLabel)
                    .ecParams(ED25519_PARAMS).value(seed).sign(true).sensitive(true).extractable(false).private_(true));
            return new KeyHandle(keyLabel, handle);
        });
    }

    /** The raw 32-byte Ed25519 public key stored with this label. */
    public byte[] ed25519PublicKey(String keyLabel) {
        return withSession(s -> {
            long[] handles = s.findObjectsSingle(new AttributeVector().class_(CKO_PUBLIC_KEY).keyType(CKK_EC_EDWARDS)
                    .label(keyLabel), 1);
            if (handles.length == 0) {
                throw new IllegalStateException("no public key labelled '" + keyLabel + "' in the token");
            }
            byte[] point = s.getAttrValues(handles[0], CKA_EC_POINT).ecPoint();
            // some tokens return the DER OCTET STRING (04 20 …), others the 32 bytes
            return point.length == 32 ? point : Arrays.copyOfRange(point, point.length - 32, point.length);
        });
    }

    /** Signs with Ed25519 ({@code CKM_EDDSA}, pure) inside the token. */
    public byte[] signEd25519(KeyHandle key, byte[] message) {
        return withSession(s -> s.signSingle(new Mechanism(CKM_EDDSA), key.handle(), message));
    }

    private Optional<KeyHandle> find(AttributeVector template, String keyLabel) {
        long[] handles = withSession(s -> s.findObjectsSingle(template, 2));
        if (handles.length > 1) {
            throw new IllegalStateException("the token holds two keys labelled '" + keyLabel + "'");
        }
        return handles.length == 0 ? Optional.empty() : Optional.of(new KeyHandle(keyLabel, handles[0]));
    }

    @FunctionalInterface
    private interface SessionWork<T> {
        T run(Session session) throws PKCS11Exception;
    }

    private <T> T withSession(SessionWork<T> work) {
        Session session;
        try {
            session = sessions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a PKCS#11 session", e);
        }
        try {
            return work.run(session);
        } catch (PKCS11Exception e) {
            throw new IllegalStateException("PKCS#11 operation failed on token '" + label + "': "
                    + e.getClass().getSimpleName() + " " + e.getErrorCode(), e);
        } finally {
            sessions.add(session);
        }
    }

    @Override
    public void close() {
        for (Session session : sessions) {
            try {
                session.closeSession();
            } catch (PKCS11Exception e) {
                log.warn("closing a PKCS#11 session failed: {}", e.getClass().getSimpleName());
            }
        }
        try {
            module.finalize(null);
        } catch (PKCS11Exception e) {
            log.warn("finalizing the PKCS#11 module failed: {}", e.getClass().getSimpleName());
        }
    }

    /** The wrapper's log without info and debug output (debug lists attribute templates). */
    private static final class WarningsOnly implements org.xipki.pkcs11.wrapper.Logger {
        private static final Logger wrapperLog = LoggerFactory.getLogger("org.xipki.pkcs11.wrapper");

        @Override
        public void info(String format, Object... args) {
        }

        @Override
        public void debug(String format, Object... args) {
        }

        @Override
        public void trace(String format, Object... args) {
        }

        @Override
        public void warn(String format, Object... args) {
            wrapperLog.warn("PKCS#11 wrapper warning (format: {})", format);
        }

        @Override
        public void error(String format, Object... args) {
            wrapperLog.error("PKCS#11 wrapper error (format: {})", format);
        }

        @Override
        public boolean isDebugEnabled() {
            return false;
        }

        @Override
        public boolean isInfoEnabled() {
            return false;
        }

        @Override
        public boolean isWarnEnabled() {
            return true;
        }

        @Override
        public boolean isTraceEnabled() {
            return false;
        }
    }
}
