package de.verbund.access.label;

import java.util.Arrays;
import java.util.Optional;

/**
 * Who the report concerns, which sets the longest review deadline (§ 77 Abs. 1 BKAG: ten years for adults, five
 * for juveniles, two for children; docs/brief.md "Labels"). {@code ADULTS} is the default of a submission.
 */
public enum PersonsConcerned {
    ADULTS(10), JUVENILES(5), CHILDREN(2), NONE(10);

    private final int maxReviewYears;

    PersonsConcerned(int maxReviewYears) {
        this.maxReviewYears = maxReviewYears;
    }

    /** How many years ahead the review deadline may lie at most. */
    public int maxReviewYears() {
        return maxReviewYears;
    }

    public static Optional<PersonsConcerned> parse(String value) {
        return Arrays.stream(values()).filter(p -> p.name().equals(value)).findFirst();
    }
}
