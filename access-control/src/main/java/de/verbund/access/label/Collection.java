package de.verbund.access.label;

import java.util.Arrays;
import java.util.Optional;

/** How the information was collected. */
public enum Collection {
    OPEN, COVERT;

    public static Optional<Collection> parse(String value) {
        return Arrays.stream(values()).filter(c -> c.name().equals(value)).findFirst();
    }
}
