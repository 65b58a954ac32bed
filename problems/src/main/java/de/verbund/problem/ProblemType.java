package de.verbund.problem;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every problem type the API answers with (RFC 9457): the type URI {@code urn:verbund:problem:<slug>}, a title
 * and the HTTP status. The slug is the constant's name in lower case with hyphens; clients match on the URI, so a
 * constant is never renamed.
 */
public enum ProblemType {
    // requests
    MALFORMED_REQUEST(400, "Malformed request"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    NOT_ACCEPTABLE(406, "Not Acceptable"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    URI_TOO_LONG(414, "URI Too Long"),
    HEADERS_TOO_LARGE(431, "Request Header Fields Too Large"),
    /** A per-user limit (selector checks, searches) is used up; the answer carries {@code Retry-After}. */
    QUOTA_EXCEEDED(429, "Too Many Requests"),
    BODY_TOO_LARGE(413, "Request body too large"),
    PURPOSE_REQUIRED(400, "Purpose and case reference required"),
    INVALID_PARAMETER(400, "Invalid parameter"),
    // authentication and roles (RFC 6750)
    UNAUTHENTICATED(401, "Authentication required"),
    FORBIDDEN(403, "Forbidden"),
    // submission
    LABEL_INVALID(400, "A label is missing or invalid"),
    LABELS_MALFORMED(400, "Bad request"),
    BATCH_SIZE(400, "Bad request"),
    EMPTY_FILE(400, "Bad request"),
    UNREADABLE_FILE(400, "Bad request"),
    SIGNATURE_INVALID(400, "Bad request"),
    FILE_TOO_LARGE(413, "File too large"),
    FILE_NAME_INVALID(400, "Invalid file name"),
    /** The originator submitted the same file before with other labels; the existing report is named. */
    LABELS_DIFFER(409, "Already submitted with other labels"),
    UNSUPPORTED_TYPE(415, "Unsupported file type"),
    ENCRYPTED_DOCUMENT(422, "The file was rejected"),
    ZIP_BOMB(422, "The file was rejected"),
    XML_ENTITY_BOMB(422, "The file was rejected"),
    CORRUPT_FILE(422, "The file was rejected"),
    NESTING_TOO_DEEP(422, "The file was rejected"),
    PARSER_OUT_OF_MEMORY(422, "The file was rejected"),
    PARSE_TIMEOUT(422, "The file was rejected"),
    PARSER_BUSY(503, "Try again later"),
    // search and reads
    INVALID_QUERY(400, "Invalid query"),
    NOT_FOUND(404, "Not Found"),
    // exchange
    INVALID_SELECTORS(400, "Invalid selectors"),
    INVALID_REQUEST(400, "Invalid request"),
    INVALID_DECISION(400, "Invalid decision"),
    REQUEST_PENDING(409, "A request is already pending"),
    ALREADY_DECIDED(409, "Already decided"),
    NOT_GRANTED(409, "Not granted"),
    // services
    VAULT_UNAVAILABLE(503, "Service Unavailable"),
    AUDIT_UNAVAILABLE(503, "Service Unavailable"),
    DATABASE_UNAVAILABLE(503, "Service Unavailable"),
    BACKEND_UNAVAILABLE(503, "Service Unavailable"),
    /** A fault of the hub itself; nothing about it is told. */
    INTERNAL_ERROR(500, "Internal Server Error");

    private static final String PREFIX = "urn:verbund:problem:";

    private final int status;
    private final String title;

    ProblemType(int status, String title) {
        this.status = status;
        this.title = title;
    }

    /** e.g. {@code zip-bomb}. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** e.g. {@code urn:verbund:problem:zip-bomb}. */
    public URI type() {
        return URI.create(PREFIX + slug());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /**
     * The general type of an HTTP error status, for errors raised outside the hub's own code (the servlet container,
     * the framework): 400 malformed request, 404 not found, 405, 406, 413, 414, 415, 431; any other 4xx is a malformed
     * request and any 5xx an internal error.
     */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> BODY_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> QUOTA_EXCEEDED;
            case 431 -> HEADERS_TOO_LARGE;
            case 503 -> BACKEND_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }

    /** The type with this slug, e.g. a reason reported by a parser process. */
    public static Optional<ProblemType> ofSlug(String slug) {
        return Arrays.stream(values()).filter(t -> t.slug().equals(slug)).findFirst();
    }
}
