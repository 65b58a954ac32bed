package de.verbund.problem;

/**
 * Free text the API accepts (queries, purposes, file numbers, labels, justifications, reasons): no control
 * characters (C0, DEL, C1) and no Unicode line or paragraph separators (U+2028, U+2029), which break logs, the audit
 * trail's storage (PostgreSQL text cannot hold NUL) and displays. Tab and line breaks are allowed where the text may
 * have several lines.
 */
public final class FreeText {

    private FreeText() {
    }

    /** Whether a one-line text (purpose, file number, title, query) holds only characters the API accepts. */
    public static boolean isClean(String text) {
        return text.chars().noneMatch(FreeText::refused);
    }

    /** Whether a text of several lines (justification, reason) holds only characters the API accepts. */
    public static boolean isCleanMultiline(String text) {
        return text.chars().noneMatch(c -> c != '\t' && c != '\n' && c != '\r' && refused(c));
    }

    /** The longest reason a decision (grant, restriction, erasure, correction, new version) may give. */
    public static final int MAX_REASON = 2000;

    /** Whether a decision's reason is given: not blank, at most {@value #MAX_REASON} characters, clean lines. */
    public static boolean isReason(@org.jspecify.annotations.Nullable String reason) {
        return reason != null && !reason.isBlank() && reason.length() <= MAX_REASON && isCleanMultiline(reason);
    }

    private static boolean refused(int c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
