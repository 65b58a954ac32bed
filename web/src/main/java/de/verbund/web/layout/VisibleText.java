package de.verbund.web.layout;

/**
 * Makes invisible formatting characters visible before user-supplied text (titles, report text, file names) is shown:
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069, U+200E/U+200F, U+061C) and zero-width
 * characters (U+200B–U+200D, U+2060, U+FEFF) become {@code [U+202E]}. A title such as "Rechnung\u202Egnp.exe" then
 * shows what it is instead of "Rechnungexe.png". Markup needs no treatment here: pages render every value as text.
 */
public final class VisibleText {

    private VisibleText() {
    }

    public static String of(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (hidden(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("[U+%04X]", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    static boolean hidden(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                || c == '\u061C' || (c >= '\u200B' && c <= '\u200D') || c == '\u2060' || c == '\uFEFF';
    }
}
