package de.verbund.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * All perfect, aligned subtree hashes of a tree, level by level, so that any RFC 6962 subtree root, inclusion
 * proof or consistency proof costs O(log n) lookups instead of rehashing the leaves. Built once per export.
 */
final class MerkleIndex {

    private final List<byte[][]> levels = new ArrayList<>();
    private final int size;

    MerkleIndex(List<byte[]> leaves) {
        this.size = leaves.size();
        byte[][] level = leaves.toArray(new byte[0][]);
        levels.add(level);
        while (level.length > 1) {
            byte[][] up = new byte[level.length / 2][];
            for (int i = 0; i < up.length; i++) {
                up[i] = Merkle.nodeHash(level[2 * i], level[2 * i + 1]);
            }
            levels.add(up);
            level = up;
        }
    }

    int size() {
        return size;
    }

    byte[] root(int from, int to) {
        int n = to - from;
        if (n == 0) {
            return Merkle.root(List.of(), 0, 0);
        }
        if (Integer.bitCount(n) == 1 && from % n == 0) {
            int level = Integer.numberOfTrailingZeros(n);
            return levels.get(level)[from / n];
        }
        int k = Merkle.largestPowerOfTwoBelow(n);
        return Merkle.nodeHash(root(from, from + k), root(from + k, to));
    }

    List<byte[]> inclusion(int m, int n) {
        List<byte[]> path = new ArrayList<>();
        inclusion(m, 0, n, path);
        return path;
    }

    private void inclusion(int m, int from, int to, List<byte[]> path) {
        int n = to - from;
        if (n <= 1) {
            return;
        }
        int k = Merkle.largestPowerOfTwoBelow(n);
        if (m < k) {
            inclusion(m, from, from + k, path);
            path.add(root(from + k, to));
        } else {
            inclusion(m - k, from + k, to, path);
            path.add(root(from, from + k));
        }
    }

    List<byte[]> consistency(int m, int n) {
        List<byte[]> proof = new ArrayList<>();
        if (m > 0 && m < n) {
            subproof(m, 0, n, true, proof);
        }
        return proof;
    }

    private void subproof(int m, int from, int to, boolean complete, List<byte[]> proof) {
        int n = to - from;
        if (m == n) {
            if (!complete) {
                proof.add(root(from, to));
            }
            return;
        }
        int k = Merkle.largestPowerOfTwoBelow(n);
        if (m <= k) {
            subproof(m, from, from + k, complete, proof);
            proof.add(root(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, proof);
            proof.add(root(from, from + k));
        }
    }
}
