package de.verbund.access.label;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Classification of a report and clearance of a subject, in ascending order
 * (VSA: OFFEN &lt; VS-NFD &lt; VS-VERTRAULICH &lt; GEHEIM). STRENG GEHEIM is never stored.
 */
public enum Classification {
    OFFEN("OFFEN"),
    VS_NFD("VS-NFD"),
    VS_VERTRAULICH("VS-VERTRAULICH"),
    GEHEIM("GEHEIM");

    private final String label;

    Classification(String label) {
        this.label = label;
    }

    /** The value as written in labels and tokens, e.g. {@code VS-NFD}; answers spell it the same way. */
    @JsonValue
    public String label() {
        return label;
    }

    /** 0 for OFFEN … 3 for GEHEIM; indexed so that Elasticsearch can compare. */
    public int level() {
        return ordinal();
    }

    public boolean dominates(Classification other) {
        return level() >= other.level();
    }

    public static Optional<Classification> parse(String value) {
        return Arrays.stream(values()).filter(c -> c.label.equals(value)).findFirst();
    }
}
