package de.verbund.selectors;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns defanged indicators back into their plain form, as threat-intelligence reports, advisories and feeds write
 * them so that nobody clicks: {@code 198.51.100[.]23}, {@code hxxps://evil[.]example(.)org}, {@code name[at]example[dot]de},
 * {@code 10.0.0.1[:]8080}. A bracket counts only between the characters of an indicator, so ordinary parentheses
 * in prose stay as they are.
 */
final class Refang {

    /** {@code [.] (.) {.} [dot] (dot) [punkt] [@] (at) [at] [:] [://]}, optionally with spaces inside or around. */
    private static final Pattern BRACKETED = Pattern.compile(
            "(?<=[\\p{L}\\p{N}_-])\\s?[\\[({]\\s?(\\.|dot|punkt|@|at|://|:)\\s?[\\])}]\\s?(?=[\\p{L}\\p{N}/])",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    /** {@code hxxp}, {@code hxxps}, {@code hXXp}, {@code fxp} before the scheme's colon. */
    private static final Pattern SCHEME = Pattern.compile("(?i)\\b(?:h(?:xx|\\[xx\\])p(s?)|fxp)(?=\\[?:)");

    private Refang() {
    }

    /** The text with every defanged indicator refanged; the same string when there is none. */
    static String text(String s) {
        boolean brackets = s.indexOf('[') >= 0 || s.indexOf('(') >= 0 || s.indexOf('{') >= 0;
        boolean schemes = containsIgnoreCase(s, "xxp") || containsIgnoreCase(s, "fxp");
        if (!brackets && !schemes) {
            return s;
        }
        String out = s;
        if (schemes) {
            Matcher m = SCHEME.matcher(out);
            StringBuilder b = new StringBuilder(out.length());
            while (m.find()) {
                m.appendReplacement(b, m.group().toLowerCase(java.util.Locale.ROOT).startsWith("f") ? "ftp" : "http$1");
            }
            out = m.appendTail(b).toString();
        }
        if (brackets) {
            Matcher m = BRACKETED.matcher(out);
            StringBuilder b = new StringBuilder(out.length());
            while (m.find()) {
                String inner = m.group(1).toLowerCase(java.util.Locale.ROOT);
                String plain = switch (inner) {
                    case "dot", "punkt", "." -> ".";
                    case "at", "@" -> "@";
                    default -> inner;
                };
                m.appendReplacement(b, Matcher.quoteReplacement(plain));
            }
            out = m.appendTail(b).toString();
        }
        return out;
    }

    private static boolean containsIgnoreCase(String s, String part) {
        int n = part.length();
        for (int i = 0; i + n <= s.length(); i++) {
            if (s.regionMatches(true, i, part, 0, n)) {
                return true;
            }
        }
        return false;
    }
}
