package de.verbund.access.policy;

/**
 * Field names of the report index that the access filter relies on. The indexer writes exactly these;
 * labels are indexed as {@code keyword}, the classification also as an integer level.
 */
public final class ReportFields {
    public static final String ID = "id";
    public static final String ORIGINATOR = "originator";
    public static final String CASE_REFERENCE = "caseReference";
    public static final String TITLE = "title";
    public static final String TEXT = "text";
    /** Title and text with German compounds split into their parts as well ("anlagebetrug" → anlage, betrug). */
    public static final String TITLE_PARTS = "title.parts";
    public static final String TEXT_PARTS = "text.parts";
    /** Capitalised words of title and text as name codes (Kölner Phonetik after transliteration folding). */
    public static final String TITLE_NAMES = "title.names";
    public static final String TEXT_NAMES = "text.names";
    public static final String PHENOMENON_AREA = "phenomenonArea";
    public static final String CLASSIFICATION = "classification";
    public static final String CLASSIFICATION_LEVEL = "classificationLevel";
    public static final String RELEASABLE_TO = "releasableTo";
    public static final String HANDLING_CODE = "handlingCode";
    public static final String HANDLING_NOTE = "handlingNote";
    public static final String DISCLOSURE = "disclosure";
    public static final String COLLECTION = "collection";
    public static final String REVIEW_BY = "reviewBy";
    public static final String SUBMITTED_AT = "submittedAt";
    public static final String LANGUAGE = "language";
    public static final String SELECTORS = "selectors";
    /** Whether the report is restricted (Sperrung); every document carries it, the filter requires {@code false}. */
    public static final String RESTRICTED = "restricted";

    private ReportFields() {
    }
}
