package de.verbund.auditverify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Offline verification of a Verbund audit export, independent of the hub's code (a second implementation of
 * RFC 6962/9162 hashing and of C2SP signed notes). Usage:
 * <pre>
 *   java -jar verbund-audit-verify-cli.jar EXPORT.jsonl VERIFIER-KEY [KNOWN-CHECKPOINT ...]
 * </pre>
 * VERIFIER-KEY is the published key ({@code name+keyid+base64key}) or a file holding it. Checks: the checkpoint's
 * signature; every record's leaf hash against its canonical form; every inclusion proof against the checkpoint
 * root; for a complete export, positions 0..n-1 without gap and the recomputed root; every known (earlier) checkpoint
 * against the prefix of the log — a rollback or rewrite of history fails here. Exit code 0 only when all hold.
 */
public final class Verify {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Verify() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: verify EXPORT.jsonl VERIFIER-KEY [KNOWN-CHECKPOINT-FILE ...]");
            System.exit(2);
        }
        String key = Files.exists(Path.of(args[1])) ? Files.readString(Path.of(args[1])).strip() : args[1];
        List<String> known = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            known.add(Files.readString(Path.of(args[i])));
        }
        Result result = verify(Path.of(args[0]), key, known, System.out);
        System.out.println(result.ok() ? "VERIFIED: " + result.summary() : "FAILED: " + result.summary());
        System.exit(result.ok() ? 0 : 1);
    }

    public record Result(boolean ok, String summary) {}

    public static Result verify(Path export, String verifierKey, List<String> knownCheckpoints, PrintStream log) throws IOException {
        String[] keyParts = verifierKey.split("\\+", 3);
        if (keyParts.length != 3) {
            return new Result(false, "the verifier key must look like name+keyid+base64key");
        }
        String keyName = keyParts[0];
        byte[] typed = Base64.getDecoder().decode(keyParts[2]);
        if (typed.length != 33 || typed[0] != 0x01) {
            return new Result(false, "the verifier key is not an Ed25519 key");
        }
        Ed25519PublicKeyParameters publicKey;
        try {
            publicKey = new Ed25519PublicKeyParameters(typed, 1);
        } catch (IllegalArgumentException e) {
            return new Result(false, "the verifier key is not a valid Ed25519 key");
        }

        try (BufferedReader in = Files.newBufferedReader(export, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                return new Result(false, "the export is empty");
            }
            JsonNode header = JSON.readTree(headerLine);
            long treeSize = header.get("treeSize").asLong();
            if (treeSize == 0) {
                return new Result(true, "empty trail");
            }
            String note = header.get("checkpoint").asString();
            if (!verifyNote(note, keyName, publicKey)) {
                return new Result(false, "the checkpoint's signature does not verify with this key");
            }
            Checkpoint checkpoint = Checkpoint.parse(note);
            if (checkpoint.size() != treeSize) {
                return new Result(false, "the header's tree size differs from its checkpoint");
            }
            List<byte[]> leaves = new ArrayList<>();
            long expectedPosition = 0;
            boolean complete = true;
            long records = 0;
            long purged = 0;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode audit = JSON.readTree(line).get("verbund").get("audit");
                long position = audit.get("position").asLong();
                byte[] leaf = Base64.getDecoder().decode(audit.get("leafHash").asString());
                JsonNode canonical = audit.get("canonical");
                if (canonical != null && !canonical.isNull()) {
                    byte[] recomputed = leafHash(canonical.asString().getBytes(StandardCharsets.UTF_8));
                    if (!Arrays.equals(recomputed, leaf)) {
                        return new Result(false, "record at position " + position + " was altered (leaf hash mismatch)");
                    }
                } else {
                    purged++;
                }
                List<byte[]> proof = new ArrayList<>();
                if (audit.has("inclusionProof")) {
                    audit.get("inclusionProof").forEach(p -> proof.add(Base64.getDecoder().decode(p.asString())));
                }
                boolean needsProof = !(header.has("complete") && header.get("complete").asBoolean());
                if (position >= treeSize || (needsProof || !proof.isEmpty() || treeSize == 1)
                        && !Arrays.equals(rootFromInclusion(position, treeSize, leaf, proof), checkpoint.root())) {
                    return new Result(false, "record at position " + position + " is not in the signed tree");
                }
                if (position != expectedPosition) {
                    complete = false;
                }
                expectedPosition = position + 1;
                leaves.add(leaf);
                records++;
            }
            boolean claimsComplete = header.has("complete") && header.get("complete").asBoolean();
            if (claimsComplete && (!complete || records != treeSize)) {
                return new Result(false, "records are missing, reordered or truncated: the complete export should hold "
                        + treeSize + " records in order, it holds " + records);
            }
            if (complete && records == treeSize) {
                if (!Arrays.equals(root(leaves, 0, leaves.size()), checkpoint.root())) {
                    return new Result(false, "the recomputed root differs from the checkpoint");
                }
                for (String knownNote : knownCheckpoints) {
                    if (!verifyNote(knownNote, keyName, publicKey)) {
                        return new Result(false, "a known checkpoint's signature does not verify");
                    }
                    Checkpoint old = Checkpoint.parse(knownNote);
                    if (old.size() > treeSize) {
                        return new Result(false, "the trail was truncated: a known checkpoint has " + old.size()
                                + " records, the export " + treeSize);
                    }
                    if (!Arrays.equals(root(leaves, 0, (int) old.size()), old.root())) {
                        return new Result(false, "history was rewritten or rolled back: the known checkpoint of size "
                                + old.size() + " does not match the log");
                    }
                }
                return new Result(true, "complete trail of " + treeSize + " records (" + purged
                        + " purged after retention), root and " + knownCheckpoints.size() + " known checkpoint(s) consistent");
            }
            if (records == 0) {
                return new Result(true, "no records selected; checkpoint of " + treeSize + " verified");
            }
            if (!knownCheckpoints.isEmpty()) {
                log.println("note: known checkpoints need a complete export or a consistency proof");
            }
            return new Result(true, records + " selected records included in the signed tree of " + treeSize);
        }
    }

    /** Verifies a consistency proof between two signed checkpoints (RFC 9162 § 2.1.4.2). */
    public static boolean verifyConsistency(String oldNote, String newNote, List<byte[]> proof) {
        Checkpoint older = Checkpoint.parse(oldNote);
        Checkpoint newer = Checkpoint.parse(newNote);
        long m = older.size();
        long n = newer.size();
        if (m == n) {
            return proof.isEmpty() && Arrays.equals(older.root(), newer.root());
        }
        if (m > n || proof.isEmpty() && m != 0) {
            return false;
        }
        List<byte[]> p = new ArrayList<>(proof);
        if (Long.bitCount(m) == 1) {
            p.add(0, older.root());
        }
        long fn = m - 1;
        long sn = n - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = p.get(0);
        byte[] sr = p.get(0);
        for (int i = 1; i < p.size(); i++) {
            if (sn == 0) {
                return false;
            }
            byte[] c = p.get(i);
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, older.root()) && Arrays.equals(sr, newer.root());
    }

    /** RFC 9162 § 2.1.3.2: the root implied by a leaf, its index and its audit path. */
    public static byte[] rootFromInclusion(long index, long size, byte[] leaf, List<byte[]> proof) {
        long fn = index;
        long sn = size - 1;
        byte[] r = leaf;
        for (byte[] p : proof) {
            if (sn == 0) {
                return new byte[0];
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : new byte[0];
    }

    static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256().digest();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return node(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        sha.update(data);
        return sha.digest();
    }

    static byte[] node(byte[] l, byte[] r) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(l);
        sha.update(r);
        return sha.digest();
    }

    static boolean verifyNote(String note, String keyName, Ed25519PublicKeyParameters key) {
        int split = note.indexOf("\n\n");
        if (split < 0) {
            return false;
        }
        byte[] body = note.substring(0, split + 1).getBytes(StandardCharsets.UTF_8);
        MessageDigest sha = sha256();
        sha.update(keyName.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x0A);
        sha.update((byte) 0x01);
        sha.update(key.getEncoded());
        byte[] keyId = Arrays.copyOf(sha.digest(), 4);
        for (String line : note.substring(split + 2).split("\n")) {
            String prefix = "\u2014 " + keyName + " ";
            if (!line.startsWith(prefix)) {
                continue;
            }
            byte[] blob = Base64.getDecoder().decode(line.substring(prefix.length()));
            if (blob.length == 68 && Arrays.equals(Arrays.copyOf(blob, 4), keyId)) {
                Ed25519Signer verifier = new Ed25519Signer();
                verifier.init(false, key);
                verifier.update(body, 0, body.length);
                if (verifier.verifySignature(Arrays.copyOfRange(blob, 4, 68))) {
                    return true;
                }
            }
        }
        return false;
    }

    record Checkpoint(String origin, long size, byte[] root) {
        static Checkpoint parse(String note) {
            String[] lines = note.split("\n");
            return new Checkpoint(lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
