package de.verbund.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import java.util.Arrays;
import java.util.function.UnaryOperator;

import de.verbund.access.secret.Pkcs11Token;
import de.verbund.access.secret.PrivateFiles;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key that signs audit checkpoints; its public half is published ({@code GET /api/v1/audit/public-key})
 * so that oversight can verify checkpoints offline. With a PKCS#11 token the private key lives in the token and signs
 * there ({@code CKM_EDDSA}); a key file of the development setup is imported once, so that earlier checkpoints keep
 * verifying under the same published key. Without a token it is kept in a file outside the database (created on first
 * start, mode 600; development only).
 */
@Component
public class AuditKeys {

    private static final Logger log = LoggerFactory.getLogger(AuditKeys.class);
    /** The label of the checkpoint key in the token. */
    static final String TOKEN_LABEL = "audit-checkpoint";

    private final String name;
    private final String origin;
    private final Ed25519PublicKeyParameters publicKey;
    private final UnaryOperator<byte[]> signer;

    AuditKeys(AuditProperties properties, ObjectProvider<Pkcs11Token> token) throws IOException {
        this.name = properties.keyName();
        this.origin = properties.origin();
        Path file = properties.signingKey();
        Pkcs11Token hsm = token.getIfAvailable();
        if (hsm != null) {
            Pkcs11Token.KeyHandle key = hsm.signingKey(TOKEN_LABEL).orElseGet(() -> {
                if (!Files.exists(file)) {
                    return hsm.generateSigningKey(TOKEN_LABEL);
                }
                Ed25519PrivateKeyParameters existing = readKeyFile(file);
                byte[] seed = existing.getEncoded();
                try {
                    log.info("importing the audit checkpoint key of the development key file into the token");
                    return hsm.importSigningKey(TOKEN_LABEL, seed, existing.generatePublicKey().getEncoded());
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            });
            this.publicKey = new Ed25519PublicKeyParameters(hsm.ed25519PublicKey(TOKEN_LABEL), 0);
            this.signer = message -> hsm.signEd25519(key, message);
        } else {
            Ed25519PrivateKeyParameters privateKey;
            if (Files.exists(file)) {
                privateKey = readKeyFile(file);
            } else {
                privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
                PrivateFiles.write(file, (Base64.getEncoder().encodeToString(privateKey.getEncoded()) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
            }
            this.publicKey = privateKey.generatePublicKey();
            this.signer = message -> {
                Ed25519Signer ed25519 = new Ed25519Signer();
                ed25519.init(true, privateKey);
                ed25519.update(message, 0, message.length);
                return ed25519.generateSignature();
            };
        }
    }

    private static Ed25519PrivateKeyParameters readKeyFile(Path file) {
        try {
            byte[] seed = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return new Ed25519PrivateKeyParameters(seed, 0);
        } catch (IOException e) {
            throw new IllegalStateException("the audit signing key file cannot be read", e);
        }
    }

    public String keyName() {
        return name;
    }

    public String origin() {
        return origin;
    }

    public Ed25519PublicKeyParameters publicKey() {
        return publicKey;
    }

    /** The published verifier key: {@code name+keyid+base64(0x01 || key)}. */
    public String verifierKey() {
        return SignedNote.verifierKey(name, publicKey());
    }

    String sign(String body) {
        return SignedNote.sign(body, name, publicKey.getEncoded(), signer);
    }
}
