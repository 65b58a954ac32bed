package de.verbund.audit;

import de.verbund.problem.FreeText;

import org.jspecify.annotations.Nullable;

/**
 * Why a consultation happens and under which of the asker's own file numbers (docs/brief.md "Purpose binding").
 * Every search, read, download and selector check carries one; the audit trail records it.
 */
public record Purpose(String purpose, String caseReference) {

    public static final int MAX = 500;

    /** From query parameters, else from the headers {@code Verbund-Purpose} and {@code Verbund-Case-Reference}. */
    public static Purpose of(@Nullable String purposeParam, @Nullable String caseParam, @Nullable String purposeHeader,
                      @Nullable String caseHeader) {
        return require(purposeParam != null ? purposeParam : purposeHeader, caseParam != null ? caseParam : caseHeader);
    }

    public static Purpose require(@Nullable String purpose, @Nullable String caseReference) {
        if (purpose == null || purpose.isBlank()) {
            throw new PurposeMissing("'purpose' is required: why do you consult the hub?");
        }
        if (caseReference == null || caseReference.isBlank()) {
            throw new PurposeMissing("'caseReference' is required: your own file number (Aktenzeichen).");
        }
        if (purpose.length() > MAX || caseReference.length() > MAX) {
            throw new PurposeMissing("'purpose' and 'caseReference' are limited to " + MAX + " characters.");
        }
        if (!FreeText.isClean(purpose) || !FreeText.isClean(caseReference)) {
            throw new PurposeMissing("'purpose' and 'caseReference' must not contain control characters.");
        }
        return new Purpose(purpose.strip(), caseReference.strip());
    }
}
