package de.verbund.web.exchange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Dates and times as German readers write them, in Berlin time: {@code 29.11.2026} and {@code 29.11.2026, 14:05}. */
final class Dates {

    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.GERMANY);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("dd.MM.yyyy, HH:mm", Locale.GERMANY);

    private Dates() {
    }

    /** An ISO date or instant; anything else unchanged. */
    static String german(String iso) {
        try {
            return iso.length() == 10 ? LocalDate.parse(iso).format(DAY) : Instant.parse(iso).atZone(BERLIN).format(MINUTE);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
