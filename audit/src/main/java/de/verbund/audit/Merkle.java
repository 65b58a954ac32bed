package de.verbund.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merkle tree hashing of RFC 6962 / RFC 9162 § 2.1: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || l || r),
 * the tree over n leaves splits at the largest power of two below n. Includes the compact right edge
 * ("frontier") for appending; proofs come from {@link MerkleIndex}.
 */
public final class Merkle {

    private Merkle() {
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(data);
        return sha.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** Root of the tree over {@code leaves[from, to)}. */
    public static byte[] root(List<byte[]> leaves, int from, int to) {
        int n = to - from;
        if (n == 0) {
            return sha256().digest();
        }
        if (n == 1) {
            return leaves.get(from);
        }
        int k = largestPowerOfTwoBelow(n);
        return nodeHash(root(leaves, from, from + k), root(leaves, from + k, to));
    }

    /** Appends a leaf to the right edge of the tree (level → subtree root); returns the new edge. */
    public static Map<Integer, byte[]> append(Map<Integer, byte[]> frontier, byte[] leaf) {
        Map<Integer, byte[]> next = new TreeMap<>(frontier);
        byte[] carry = leaf;
        int level = 0;
        while (next.containsKey(level)) {
            carry = nodeHash(next.remove(level), carry);
            level++;
        }
        next.put(level, carry);
        return next;
    }

    /** Root of the tree described by its right edge. */
    public static byte[] rootOf(Map<Integer, byte[]> frontier) {
        byte[] acc = null;
        for (Map.Entry<Integer, byte[]> e : new TreeMap<>(frontier).entrySet()) {
            acc = acc == null ? e.getValue() : nodeHash(e.getValue(), acc);
        }
        return acc == null ? sha256().digest() : acc;
    }

    static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k << 1 < n) {
            k <<= 1;
        }
        return k;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
