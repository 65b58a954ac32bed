package de.verbund.selectors;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The selector types of the brief; the wire name is the lower-case form, e.g. {@code ip}, {@code iban}. */
public enum SelectorType {
    IP, EMAIL, PHONE, IBAN, BTC, ETH, DOMAIN, URL, MD5, SHA1, SHA256, HANDLE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type of a wire name, ignoring case and surrounding blanks ({@code IBAN}, {@code " Email"}). */
    public static Optional<SelectorType> parse(String value) {
        String name = value.strip();
        return Arrays.stream(values()).filter(t -> t.wireName().equalsIgnoreCase(name)).findFirst();
    }
}
