package de.verbund.access.label;

import java.util.Arrays;
import java.util.Optional;

/** Phenomenon areas (Phänomenbereiche) of the brief; mandates of a subject name the same values. */
public enum PhenomenonArea {
    CYBER, PMK_RECHTS, PMK_LINKS, PMK_AUSL, PMK_RELIG, PMK_SONST;

    public static Optional<PhenomenonArea> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.name().equals(value)).findFirst();
    }
}
