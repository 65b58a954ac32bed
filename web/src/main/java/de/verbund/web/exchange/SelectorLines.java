package de.verbund.web.exchange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import de.verbund.exchange.SelectorCheck;
import de.verbund.selectors.SelectorType;
import de.verbund.selectors.Selectors;

import org.jspecify.annotations.Nullable;

/**
 * The lines an analyst pastes into the check: one selector per line, blank lines ignored. A line's type is, in this
 * order, its own prefix ({@code iban:DE89…}), the type chosen for all lines, or the first type whose normalisation
 * accepts the value (most specific first: a hash is not a phone number, a URL is not a domain). A line no type
 * accepts goes to the check without a type and comes back as {@code unknown-type}.
 */
final class SelectorLines {

    /** Detection order: specific formats before the permissive ones (phone, domain, handle). */
    static final List<SelectorType> DETECTION = List.of(SelectorType.URL, SelectorType.EMAIL, SelectorType.IBAN,
            SelectorType.IP, SelectorType.SHA256, SelectorType.SHA1, SelectorType.MD5, SelectorType.BTC, SelectorType.ETH,
            SelectorType.PHONE, SelectorType.DOMAIN, SelectorType.HANDLE);

    /** One non-blank line: its number on the page (from 1) and what goes to the check. */
    record Line(int number, String typed, SelectorCheck.Input input) {}

    private SelectorLines() {
    }

    /** @param chosen a type's wire name, or blank for detection */
    static List<Line> parse(String text, @Nullable String chosen) {
        Optional<SelectorType> all = chosen == null || chosen.isBlank() ? Optional.empty() : SelectorType.parse(chosen);
        List<Line> lines = new ArrayList<>();
        String[] raw = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String typed = raw[i].strip();
            if (typed.isEmpty()) {
                continue;
            }
            lines.add(new Line(i + 1, typed, input(typed, all)));
        }
        return lines;
    }

    static SelectorCheck.Input input(String typed, Optional<SelectorType> chosen) {
        int colon = typed.indexOf(':');
        if (colon > 0) {
            Optional<SelectorType> prefixed = SelectorType.parse(typed.substring(0, colon));
            // "url:https://…" is a prefix; "https://…" is not, because "https" is no type
            if (prefixed.isPresent()) {
                return new SelectorCheck.Input(prefixed.get().wireName(), typed.substring(colon + 1).strip());
            }
        }
        if (chosen.isPresent()) {
            return new SelectorCheck.Input(chosen.get().wireName(), typed);
        }
        for (SelectorType type : DETECTION) {
            if (Selectors.normalise(type, typed).isPresent()) {
                return new SelectorCheck.Input(type.wireName(), typed);
            }
        }
        return new SelectorCheck.Input(null, typed);
    }
}
