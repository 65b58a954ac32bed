package de.verbund.selectors;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA3Digest;

/**
 * Tor onion services of version 3 (rend-spec-v3 § 6): 56 base32 characters encoding the service's public key,
 * a two-byte checksum (SHA3-256 over ".onion checksum", key and version) and the version 3, then {@code .onion};
 * a subdomain in front is allowed. Onion services are not under a public suffix, so they get their own check.
 */
final class OnionAddress {

    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private OnionAddress() {
    }

    static boolean valid(String host) {
        String[] labels = host.split("\\.");
        if (labels.length < 2 || !labels[labels.length - 1].equals("onion")) {
            return false;
        }
        String address = labels[labels.length - 2];
        if (address.length() != 56) {
            return false;
        }
        byte[] decoded = base32(address);
        if (decoded == null || decoded.length != 35 || decoded[34] != 3) {
            return false;
        }
        byte[] key = Arrays.copyOfRange(decoded, 0, 32);
        SHA3Digest sha3 = new SHA3Digest(256);
        byte[] prefix = ".onion checksum".getBytes(StandardCharsets.US_ASCII);
        sha3.update(prefix, 0, prefix.length);
        sha3.update(key, 0, key.length);
        sha3.update((byte) 3);
        byte[] hash = new byte[32];
        sha3.doFinal(hash, 0);
        return hash[0] == decoded[32] && hash[1] == decoded[33];
    }

    private static byte[] base32(String s) {
        byte[] out = new byte[s.length() * 5 / 8];
        long buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : s.toCharArray()) {
            int v = BASE32.indexOf(c);
            if (v < 0) {
                return null;
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out[n++] = (byte) (buffer >> bits);
            }
        }
        return out;
    }
}
