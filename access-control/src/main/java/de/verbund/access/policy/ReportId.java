package de.verbund.access.policy;

import java.util.Optional;
import java.util.UUID;

/** Opaque id of a report. Anything that is not a UUID is no report id, and so unknown. */
public record ReportId(UUID value) {

    public static ReportId random() {
        return new ReportId(UUID.randomUUID());
    }

    /** Parses a caller-supplied id; empty for anything malformed, so that it answers like an unknown id. */
    public static Optional<ReportId> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text);
            return uuid.toString().equals(text.toLowerCase(java.util.Locale.ROOT))
                    ? Optional.of(new ReportId(uuid)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
