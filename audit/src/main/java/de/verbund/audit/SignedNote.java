package de.verbund.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Checkpoints as C2SP signed notes (c2sp.org/signed-note, c2sp.org/tlog-checkpoint):
 * <pre>
 * &lt;origin&gt;
 * &lt;tree size&gt;
 * &lt;base64 root hash&gt;
 *
 * — &lt;key name&gt; &lt;base64(key id || Ed25519 signature)&gt;
 * </pre>
 * The key id is the first four bytes of SHA-256(name || 0x0A || 0x01 || public key). Signed with Bouncy Castle.
 */
public final class SignedNote {

    private SignedNote() {
    }

    public static String body(String origin, long size, byte[] root) {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    public static String sign(String body, String keyName, Ed25519PrivateKeyParameters key) {
        return sign(body, keyName, key.generatePublicKey().getEncoded(), message -> {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, key);
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        });
    }

    /**
     * Signs with a key held elsewhere (a PKCS#11 token): {@code ed25519} returns the Ed25519 signature of the message
     * bytes, {@code publicKey} is the raw 32-byte public key that names the key in the note.
     */
    public static String sign(String body, String keyName, byte[] publicKey,
                              java.util.function.UnaryOperator<byte[]> ed25519) {
        byte[] message = body.getBytes(StandardCharsets.UTF_8);
        byte[] signature = ed25519.apply(message);
        byte[] keyId = keyId(keyName, publicKey);
        byte[] blob = new byte[4 + signature.length];
        System.arraycopy(keyId, 0, blob, 0, 4);
        System.arraycopy(signature, 0, blob, 4, signature.length);
        return body + "\n\u2014 " + keyName + " " + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    /** The verifier key in the signed-note text form: {@code name+hex(keyid)+base64(0x01 || public key)}. */
    public static String verifierKey(String keyName, Ed25519PublicKeyParameters publicKey) {
        byte[] pub = publicKey.getEncoded();
        byte[] typed = new byte[1 + pub.length];
        typed[0] = 0x01;
        System.arraycopy(pub, 0, typed, 1, pub.length);
        return keyName + "+" + java.util.HexFormat.of().formatHex(keyId(keyName, pub)) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** @return true when the note carries a valid signature of this key over its body */
    public static boolean verify(String note, String keyName, Ed25519PublicKeyParameters publicKey) {
        int split = note.indexOf("\n\n");
        if (split < 0) {
            return false;
        }
        String body = note.substring(0, split + 1);
        byte[] keyId = keyId(keyName, publicKey.getEncoded());
        for (String line : note.substring(split + 2).split("\n")) {
            String prefix = "\u2014 " + keyName + " ";
            if (!line.startsWith(prefix)) {
                continue;
            }
            byte[] blob = Base64.getDecoder().decode(line.substring(prefix.length()));
            if (blob.length != 68 || !Arrays.equals(Arrays.copyOf(blob, 4), Arrays.copyOf(keyId, 4))) {
                continue;
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, publicKey);
            byte[] message = body.getBytes(StandardCharsets.UTF_8);
            verifier.update(message, 0, message.length);
            if (verifier.verifySignature(Arrays.copyOfRange(blob, 4, 68))) {
                return true;
            }
        }
        return false;
    }

    static byte[] keyId(String keyName, byte[] publicKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(keyName.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x0A);
            sha.update((byte) 0x01);
            sha.update(publicKey);
            return Arrays.copyOf(sha.digest(), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
