package de.verbund.access.label;

import java.util.Arrays;
import java.util.Optional;

/** FULL: readable under the need-to-know rule; HIT_ONLY: others learn only that it exists, via selector checks. */
public enum Disclosure {
    FULL, HIT_ONLY;

    public static Optional<Disclosure> parse(String value) {
        return Arrays.stream(values()).filter(d -> d.name().equals(value)).findFirst();
    }
}
