package de.verbund.access.label;

import java.util.Arrays;
import java.util.Optional;

/** Handling restriction that travels with every disclosure. H3 requires a {@code handlingNote}. */
public enum HandlingCode {
    /** Use for prevention and prosecution. */
    H0,
    /** Not as evidence in court without the originator's consent. */
    H1,
    /** No onward transmission without consent. */
    H2,
    /** Other restrictions, stated in the handling note. */
    H3;

    public static Optional<HandlingCode> parse(String value) {
        return Arrays.stream(values()).filter(h -> h.name().equals(value)).findFirst();
    }
}
