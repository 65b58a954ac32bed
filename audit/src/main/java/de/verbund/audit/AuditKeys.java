package de.verbund.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import de.verbund.access.secret.PrivateFiles;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.springframework.stereotype.Component;

/**
 * The Ed25519 key that signs audit checkpoints. Kept in a file outside the database (created on first start,
 * mode 600); its public half is published ({@code GET /api/v1/audit/public-key}) so that oversight can verify
 * checkpoints offline. Several hub nodes share the file (or an HSM in production).
 */
@Component
public class AuditKeys {

    private final String name;
    private final String origin;
    private final Ed25519PrivateKeyParameters privateKey;

    AuditKeys(AuditProperties properties) throws IOException {
        this.name = properties.keyName();
        this.origin = properties.origin();
        Path file = properties.signingKey();
        if (Files.exists(file)) {
            byte[] seed = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        } else {
            this.privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
            PrivateFiles.write(file, (Base64.getEncoder().encodeToString(privateKey.getEncoded()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    }

    public String keyName() {
        return name;
    }

    public String origin() {
        return origin;
    }

    public Ed25519PublicKeyParameters publicKey() {
        return privateKey.generatePublicKey();
    }

    /** The published verifier key: {@code name+keyid+base64(0x01 || key)}. */
    public String verifierKey() {
        return SignedNote.verifierKey(name, publicKey());
    }

    String sign(String body) {
        return SignedNote.sign(body, name, privateKey);
    }
}
