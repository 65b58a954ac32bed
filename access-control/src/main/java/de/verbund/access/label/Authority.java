package de.verbund.access.label;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A police authority (BKA or an LKA) or an oversight body (BfDI, a Land commissioner).
 * Only the codes of the brief exist; any other code cannot be constructed.
 */
public record Authority(@JsonValue String code) implements Comparable<Authority> {

    private static final Set<String> STATES = Set.of(
            "BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH");

    /** Police authorities that submit and read reports. */
    public static final Set<String> POLICE = Stream.concat(Stream.of("BKA"), STATES.stream().map(s -> "LKA-" + s))
            .collect(Collectors.toUnmodifiableSet());

    /** Data-protection oversight bodies; they never read content. */
    public static final Set<String> OVERSIGHT = Stream.concat(Stream.of("BFDI"), STATES.stream().map(s -> "LFD-" + s))
            .collect(Collectors.toUnmodifiableSet());

    public Authority {
        if (code == null || !(POLICE.contains(code) || OVERSIGHT.contains(code))) {
            throw new IllegalArgumentException("unknown authority");
        }
    }

    public static boolean isKnown(String code) {
        return POLICE.contains(code) || OVERSIGHT.contains(code);
    }

    public boolean isPolice() {
        return POLICE.contains(code);
    }

    /** All police authority codes, sorted; for messages and generators. */
    public static Set<String> policeCodes() {
        return new TreeSet<>(POLICE);
    }

    @Override
    public int compareTo(Authority other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
