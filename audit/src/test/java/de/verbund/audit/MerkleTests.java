package de.verbund.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import de.verbund.auditverify.Verify;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Merkle tree of the trail (RFC 9162 § 2.1): hashes, roots, inclusion and consistency proofs, checked with the
 * independent offline verifier ({@code audit-verifier}) for every tree size up to 40.
 */
class MerkleTests {

    static List<byte[]> leaves(int n) {
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            leaves.add(Merkle.leafHash(("record " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return leaves;
    }

    @Test
    void emptyTreeThenHashOfNothing() {
        assertThat(HexFormat.of().formatHex(Merkle.root(List.of(), 0, 0)))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void leafAndNodeThenDomainSeparated() {
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        byte[] leaf = Merkle.leafHash(data);
        // RFC 9162: leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right); they never collide
        assertThat(leaf).isNotEqualTo(Merkle.nodeHash(new byte[0], data));
        assertThat(Merkle.root(List.of(leaf), 0, 1)).isEqualTo(leaf);
    }

    @Test
    void indexRootsThenEqualToRecomputedRoots() {
        for (int n = 1; n <= 40; n++) {
            List<byte[]> leaves = leaves(n);
            MerkleIndex index = new MerkleIndex(leaves);
            for (int size = 0; size <= n; size++) {
                assertThat(index.root(0, size)).as("size %d of %d", size, n).isEqualTo(Merkle.root(leaves, 0, size));
            }
        }
    }

    @Test
    void frontierAppendThenSameRootAsTheWholeTree() {
        Map<Integer, byte[]> frontier = new HashMap<>();
        List<byte[]> leaves = leaves(37);
        for (int i = 0; i < leaves.size(); i++) {
            frontier = Merkle.append(frontier, leaves.get(i));
            assertThat(Merkle.rootOf(frontier)).as("after %d", i + 1).isEqualTo(Merkle.root(leaves, 0, i + 1));
        }
    }

    @Test
    void inclusionProofsThenVerifyForEveryLeafAndSize() {
        for (int n = 1; n <= 40; n++) {
            List<byte[]> leaves = leaves(n);
            MerkleIndex index = new MerkleIndex(leaves);
            byte[] root = Merkle.root(leaves, 0, n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = index.inclusion(m, n);
                assertThat(rootFromInclusion(m, n, leaves.get(m), proof)).as("leaf %d of %d", m, n).isEqualTo(root);
            }
        }
    }

    @Test
    void inclusionProofOfAnotherRecordThenDoesNotVerify() {
        List<byte[]> leaves = leaves(13);
        MerkleIndex index = new MerkleIndex(leaves);
        byte[] forged = Merkle.leafHash("altered record".getBytes(StandardCharsets.UTF_8));

        assertThat(rootFromInclusion(5, 13, forged, index.inclusion(5, 13))).isNotEqualTo(Merkle.root(leaves, 0, 13));
    }

    @Test
    void consistencyProofsThenVerifyForEveryPairOfSizes() {
        List<byte[]> leaves = leaves(40);
        MerkleIndex index = new MerkleIndex(leaves);
        for (int n = 2; n <= 40; n++) {
            for (int m = 1; m < n; m++) {
                List<byte[]> proof = index.consistency(m, n);
                assertThat(consistent(m, n, Merkle.root(leaves, 0, m), Merkle.root(leaves, 0, n), proof))
                        .as("%d → %d", m, n).isTrue();
            }
        }
    }

    @Test
    void rewrittenHistoryThenConsistencyFails() {
        List<byte[]> leaves = leaves(20);
        List<byte[]> rewritten = new ArrayList<>(leaves);
        rewritten.set(3, Merkle.leafHash("rewritten".getBytes(StandardCharsets.UTF_8)));
        MerkleIndex index = new MerkleIndex(rewritten);

        assertThat(consistent(8, 20, Merkle.root(leaves, 0, 8), Merkle.root(rewritten, 0, 20), index.consistency(8, 20)))
                .isFalse();
    }

    static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());

    /** The independent verifier's check (RFC 9162 § 2.1.3.2): the root an inclusion proof leads to. */
    static byte[] rootFromInclusion(long index, long size, byte[] leaf, List<byte[]> proof) {
        return Verify.rootFromInclusion(index, size, leaf, proof);
    }

    /** The independent verifier's check (RFC 9162 § 2.1.4.2) between two signed checkpoints. */
    static boolean consistent(long first, long second, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
        return Verify.verifyConsistency(checkpoint(first, firstHash), checkpoint(second, secondHash), proof);
    }

    static String checkpoint(long size, byte[] root) {
        return SignedNote.sign(SignedNote.body("verbund.local/audit", size, root), "verbund-audit", KEY);
    }
}
