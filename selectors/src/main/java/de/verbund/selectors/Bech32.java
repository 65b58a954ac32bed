package de.verbund.selectors;

import java.util.Locale;

/** Bech32 (BIP-173, witness v0) and Bech32m (BIP-350, v1+) checksum of {@code bc1…} addresses. */
final class Bech32 {

    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int BECH32 = 1;
    private static final int BECH32M = 0x2bc830a3;

    private Bech32() {
    }

    static boolean valid(String address) {
        if (!address.equals(address.toLowerCase(Locale.ROOT)) && !address.equals(address.toUpperCase(Locale.ROOT))) {
            return false;
        }
        String s = address.toLowerCase(Locale.ROOT);
        int sep = s.lastIndexOf('1');
        if (!s.startsWith("bc1") || sep != 2 || s.length() < 14 || s.length() > 74) {
            return false;
        }
        int[] data = new int[s.length() - 3];
        for (int i = 0; i < data.length; i++) {
            int v = CHARSET.indexOf(s.charAt(i + 3));
            if (v < 0) {
                return false;
            }
            data[i] = v;
        }
        int[] hrp = {3, 3, 0, 2, 3}; // "bc" expanded: high bits (3,3), 0, low bits (2,3)
        int[] values = new int[hrp.length + data.length];
        System.arraycopy(hrp, 0, values, 0, hrp.length);
        System.arraycopy(data, 0, values, hrp.length, data.length);
        int checksum = polymod(values);
        int witnessVersion = data[0];
        return (witnessVersion == 0 && checksum == BECH32) || (witnessVersion > 0 && witnessVersion <= 16 && checksum == BECH32M);
    }

    private static int polymod(int[] values) {
        int[] gen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
        int chk = 1;
        for (int v : values) {
            int top = chk >>> 25;
            chk = (chk & 0x1ffffff) << 5 ^ v;
            for (int i = 0; i < 5; i++) {
                if (((top >>> i) & 1) == 1) {
                    chk ^= gen[i];
                }
            }
        }
        return chk;
    }
}
