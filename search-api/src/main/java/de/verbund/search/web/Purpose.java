package de.verbund.search.web;

import org.jspecify.annotations.Nullable;

/** Why a consultation happens and under which of the asker's own file numbers (BRIEF "Purpose binding"). */
record Purpose(String purpose, String caseReference) {

    static final int MAX = 500;

    /** From query parameters, else from the headers {@code Verbund-Purpose} and {@code Verbund-Case-Reference}. */
    static Purpose of(@Nullable String purposeParam, @Nullable String caseParam, @Nullable String purposeHeader,
                      @Nullable String caseHeader) {
        return require(purposeParam != null ? purposeParam : purposeHeader, caseParam != null ? caseParam : caseHeader);
    }

    static Purpose require(@Nullable String purpose, @Nullable String caseReference) {
        if (purpose == null || purpose.isBlank()) {
            throw new PurposeMissing("'purpose' is required: why do you consult the hub?");
        }
        if (caseReference == null || caseReference.isBlank()) {
            throw new PurposeMissing("'caseReference' is required: your own file number (Aktenzeichen).");
        }
        if (purpose.length() > MAX || caseReference.length() > MAX) {
            throw new PurposeMissing("'purpose' and 'caseReference' are limited to " + MAX + " characters.");
        }
        if (purpose.chars().anyMatch(Character::isISOControl) || caseReference.chars().anyMatch(Character::isISOControl)) {
            throw new PurposeMissing("'purpose' and 'caseReference' must not contain control characters.");
        }
        return new Purpose(purpose.strip(), caseReference.strip());
    }
}
