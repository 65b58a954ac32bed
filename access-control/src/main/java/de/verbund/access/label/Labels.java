package de.verbund.access.label;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import de.verbund.problem.FreeText;

import org.jspecify.annotations.Nullable;

/**
 * The labels of one report, valid by construction (docs/brief.md "Labels every report carries").
 *
 * @param releasableTo either exactly {@code {"ALL"}} or a non-empty set of police authority codes
 * @param handlingNote required for H3, otherwise optional free text
 * @param personsConcerned sets the maximum of {@code reviewBy} (10, 5 or 2 years); {@code ADULTS} when not stated
 */
public record Labels(
        Authority originator,
        String caseReference,
        String title,
        PhenomenonArea phenomenonArea,
        Classification classification,
        SortedSet<String> releasableTo,
        HandlingCode handlingCode,
        @Nullable String handlingNote,
        Disclosure disclosure,
        Collection collection,
        LocalDate reviewBy,
        PersonsConcerned personsConcerned) {

    public static final String ALL = "ALL";
    static final int MAX_TEXT = 500;
    /** The longest review deadline of any report (adults, § 77 BKAG); {@link PersonsConcerned} may lower it. */
    public static final int MAX_YEARS_AHEAD = 10;

    /** The label names a submission may carry; any other name is refused. */
    public static final Set<String> SUBMITTED_NAMES = Set.of("caseReference", "title", "phenomenonArea", "classification",
            "releasableTo", "handlingCode", "handlingNote", "disclosure", "collection", "reviewBy", "personsConcerned");

    public Labels {
        Objects.requireNonNull(originator, "originator");
        if (!originator.isPolice()) {
            throw new LabelInvalid("originator", "only police authorities submit reports");
        }
        caseReference = requireText("caseReference", caseReference);
        title = requireText("title", title);
        Objects.requireNonNull(phenomenonArea, "phenomenonArea");
        Objects.requireNonNull(classification, "classification");
        releasableTo = Collections.unmodifiableSortedSet(new TreeSet<>(requireReleasable(releasableTo)));
        Objects.requireNonNull(handlingCode, "handlingCode");
        if (handlingNote != null) {
            handlingNote = handlingNote.isBlank() ? null : requireText("handlingNote", handlingNote);
        }
        if (handlingCode == HandlingCode.H3 && handlingNote == null) {
            throw new LabelInvalid("handlingNote", "required with handling code H3");
        }
        Objects.requireNonNull(disclosure, "disclosure");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(reviewBy, "reviewBy");
        Objects.requireNonNull(personsConcerned, "personsConcerned");
    }

    /** Labels of a report concerning adults (or stored before the label existed). */
    public Labels(Authority originator, String caseReference, String title, PhenomenonArea phenomenonArea,
                  Classification classification, SortedSet<String> releasableTo, HandlingCode handlingCode,
                  @Nullable String handlingNote, Disclosure disclosure, Collection collection, LocalDate reviewBy) {
        this(originator, caseReference, title, phenomenonArea, classification, releasableTo, handlingCode, handlingNote,
                disclosure, collection, reviewBy, PersonsConcerned.ADULTS);
    }

    /**
     * Validates the labels of a submission. The originator comes from the token, never from the body.
     *
     * @param raw the labels JSON as a map (strings, lists of strings)
     * @param today the current date, for the review deadline
     * @throws LabelInvalid naming the first offending label
     */
    public static Labels fromSubmission(Map<String, ?> raw, Authority originator, LocalDate today) {
        for (String name : raw.keySet()) {
            if (!SUBMITTED_NAMES.contains(name)) {
                throw new LabelInvalid(name, name.equals("originator")
                        ? "is taken from the token and must not be submitted"
                        : "unknown label");
            }
        }
        String classification = string(raw, "classification");
        if ("STRENG GEHEIM".equals(classification) || "STRENG-GEHEIM".equals(classification)) {
            throw new LabelInvalid("classification", "STRENG GEHEIM is never stored in Verbund");
        }
        LocalDate reviewBy;
        try {
            reviewBy = LocalDate.parse(string(raw, "reviewBy"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new LabelInvalid("reviewBy", "must be a date (YYYY-MM-DD)");
        }
        if (!reviewBy.isAfter(today)) {
            throw new LabelInvalid("reviewBy", "must lie in the future");
        }
        Object persons = raw.get("personsConcerned");
        if (persons != null && !(persons instanceof String)) {
            throw new LabelInvalid("personsConcerned", "must be text");
        }
        PersonsConcerned personsConcerned = persons == null ? PersonsConcerned.ADULTS
                : PersonsConcerned.parse((String) persons)
                        .orElseThrow(() -> unknown("personsConcerned", "[ADULTS, JUVENILES, CHILDREN, NONE]"));
        if (reviewBy.isAfter(today.plusYears(personsConcerned.maxReviewYears()))) {
            throw new LabelInvalid("reviewBy", "at most " + personsConcerned.maxReviewYears() + " years ahead"
                    + (personsConcerned == PersonsConcerned.JUVENILES ? " where the persons concerned include juveniles"
                    : personsConcerned == PersonsConcerned.CHILDREN ? " where the persons concerned include children" : ""));
        }
        Object note = raw.get("handlingNote");
        if (note != null && !(note instanceof String)) {
            throw new LabelInvalid("handlingNote", "must be text");
        }
        return new Labels(
                originator,
                string(raw, "caseReference"),
                string(raw, "title"),
                PhenomenonArea.parse(string(raw, "phenomenonArea"))
                        .orElseThrow(() -> unknown("phenomenonArea", java.util.Arrays.toString(PhenomenonArea.values()))),
                Classification.parse(classification)
                        .orElseThrow(() -> unknown("classification", "[OFFEN, VS-NFD, VS-VERTRAULICH, GEHEIM]")),
                stringList(raw, "releasableTo"),
                HandlingCode.parse(string(raw, "handlingCode"))
                        .orElseThrow(() -> unknown("handlingCode", "[H0, H1, H2, H3]")),
                (String) note,
                Disclosure.parse(string(raw, "disclosure"))
                        .orElseThrow(() -> unknown("disclosure", "[FULL, HIT_ONLY]")),
                Collection.parse(string(raw, "collection"))
                        .orElseThrow(() -> unknown("collection", "[OPEN, COVERT]")),
                reviewBy,
                personsConcerned);
    }

    public boolean releasableToAll() {
        return releasableTo.contains(ALL);
    }

    private static LabelInvalid unknown(String name, String allowed) {
        return new LabelInvalid(name, "unknown value; allowed: " + allowed);
    }

    private static String string(Map<String, ?> raw, String name) {
        Object value = raw.get(name);
        if (value == null) {
            throw new LabelInvalid(name, "missing");
        }
        if (!(value instanceof String s)) {
            throw new LabelInvalid(name, "must be text");
        }
        return s;
    }

    private static SortedSet<String> stringList(Map<String, ?> raw, String name) {
        Object value = raw.get(name);
        if (value == null) {
            throw new LabelInvalid(name, "missing");
        }
        if (!(value instanceof List<?> list)) {
            throw new LabelInvalid(name, "must be a list, [\"ALL\"] or authority codes");
        }
        SortedSet<String> result = new TreeSet<>();
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw new LabelInvalid(name, "must be a list of authority codes");
            }
            result.add(s);
        }
        return result;
    }

    private static String requireText(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw new LabelInvalid(name, "missing");
        }
        String trimmed = value.strip();
        if (trimmed.length() > MAX_TEXT) {
            throw new LabelInvalid(name, "longer than " + MAX_TEXT + " characters");
        }
        if (!FreeText.isClean(trimmed)) {
            throw new LabelInvalid(name, "contains control characters");
        }
        return trimmed;
    }

    private static Set<String> requireReleasable(@Nullable Set<String> releasableTo) {
        if (releasableTo == null || releasableTo.isEmpty()) {
            throw new LabelInvalid("releasableTo", "missing; use [\"ALL\"] or a list of authority codes");
        }
        if (releasableTo.contains(ALL)) {
            if (releasableTo.size() > 1) {
                throw new LabelInvalid("releasableTo", "\"ALL\" cannot be combined with authority codes");
            }
            return releasableTo;
        }
        List<String> unknown = new ArrayList<>();
        for (String code : releasableTo) {
            if (!Authority.POLICE.contains(code)) {
                unknown.add(code);
            }
        }
        if (!unknown.isEmpty()) {
            throw new LabelInvalid("releasableTo", "unknown authority " + unknown.stream()
                    .map(c -> c.length() > 20 ? c.substring(0, 20) + "…" : c).toList()
                    + "; allowed: [\"ALL\"] or codes of " + Authority.policeCodes());
        }
        return releasableTo;
    }
}
