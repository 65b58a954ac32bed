package de.verbund.selectors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns defanged indicators back into their plain form, as threat-intelligence reports, advisories and feeds write
 * them so that nobody clicks: {@code 198.51.100[.]23}, {@code hxxps://evil[.]example(.)org},
 * {@code name[at]example[dot]de}, {@code name (at) example (dot) de}, {@code 10.0.0.1[:]8080}. A bracket counts
 * only between the characters of an indicator, so ordinary parentheses in prose stay as they are. One pass over
 * the text; brackets are looked at only where they stand.
 */
final class Refang {

    /** {@code hxxp}, {@code hxxps}, {@code hXXp}, {@code h[xx]p}, {@code fxp} before the scheme's colon. */
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(?:h(?:xx|\\[xx\\])p(s?)|fxp)(?=\\[?:)");

    private Refang() {
    }

    /** The text with every defanged indicator refanged; the same string when there is none. */
    static String text(String s) {
        String out = hasDefangedScheme(s) ? schemes(s) : s;
        StringBuilder b = null;
        int copied = 0;
        for (int i = 0; i < out.length(); i++) {
            char open = out.charAt(i);
            if (open != '[' && open != '(' && open != '{') {
                continue;
            }
            // the indicator character before: right before the bracket, or one space before it
            int left = i > 0 && out.charAt(i - 1) == ' ' ? i - 2 : i - 1;
            if (left < 0 || !indicatorChar(out.charAt(left))) {
                continue;
            }
            int close = closing(out, i);
            if (close < 0) {
                continue;
            }
            String plain = plain(out.substring(i + 1, close).strip().toLowerCase(Locale.ROOT));
            int right = close + 1 < out.length() && out.charAt(close + 1) == ' ' ? close + 2 : close + 1;
            if (plain == null || right >= out.length() || !(indicatorChar(out.charAt(right)) || out.charAt(right) == '/')) {
                continue;
            }
            if (b == null) {
                b = new StringBuilder(out.length());
            }
            b.append(out, copied, left + 1).append(plain);
            copied = right;
            i = right - 1;
        }
        return b == null ? out : b.append(out, copied, out.length()).toString();
    }

    /** The matching bracket within a few characters, or -1. */
    private static int closing(String s, int open) {
        char close = switch (s.charAt(open)) {
            case '[' -> ']';
            case '(' -> ')';
            default -> '}';
        };
        for (int j = open + 1; j < s.length() && j <= open + 8; j++) {
            if (s.charAt(j) == close) {
                return j;
            }
        }
        return -1;
    }

    private static String plain(String inner) {
        return switch (inner) {
            case ".", "dot", "punkt" -> ".";
            case "@", "at" -> "@";
            case ":" -> ":";
            case "://" -> "://";
            default -> null;
        };
    }

    private static boolean indicatorChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_';
    }

    private static boolean hasDefangedScheme(String s) {
        for (int i = s.indexOf('p'); i >= 0; i = s.indexOf('p', i + 1)) {
            if (i >= 2 && (s.charAt(i - 1) | 0x20) == 'x' && ((s.charAt(i - 2) | 0x20) == 'x' || (s.charAt(i - 2) | 0x20) == 'f')) {
                return true;
            }
            if (i >= 1 && s.charAt(i - 1) == ']') {
                return true;
            }
        }
        for (int i = s.indexOf('P'); i >= 0; i = s.indexOf('P', i + 1)) {
            if (i >= 2 && (s.charAt(i - 1) | 0x20) == 'x') {
                return true;
            }
        }
        return false;
    }

    private static String schemes(String s) {
        Matcher m = SCHEME.matcher(s);
        StringBuilder b = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(b, m.group().toLowerCase(Locale.ROOT).startsWith("f") ? "ftp" : "http$1");
        }
        return m.appendTail(b).toString();
    }
}
