package de.verbund.selectors;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Base58Check as used by legacy Bitcoin addresses (P2PKH, P2SH): version byte 0x00 or 0x05, 4-byte checksum. */
final class Base58 {

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private Base58() {
    }

    static boolean checkValid(String s) {
        BigInteger n = BigInteger.ZERO;
        for (char c : s.toCharArray()) {
            int digit = ALPHABET.indexOf(c);
            if (digit < 0) {
                return false;
            }
            n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] raw = n.toByteArray();
        if (raw.length > 1 && raw[0] == 0) {
            raw = Arrays.copyOfRange(raw, 1, raw.length);
        }
        int leadingZeros = 0;
        while (leadingZeros < s.length() && s.charAt(leadingZeros) == '1') {
            leadingZeros++;
        }
        byte[] decoded = new byte[leadingZeros + raw.length];
        System.arraycopy(raw, 0, decoded, leadingZeros, raw.length);
        if (decoded.length != 25 || (decoded[0] != 0x00 && decoded[0] != 0x05)) {
            return false;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest(sha.digest(Arrays.copyOfRange(decoded, 0, 21)));
            return Arrays.equals(Arrays.copyOfRange(hash, 0, 4), Arrays.copyOfRange(decoded, 21, 25));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
