package de.verbund.search.query;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One page of results. Total, hits, highlights and facets are all computed inside the access filter.
 *
 * @param nextCursor present when more hits follow; pass it back with the same query
 */
public record SearchResult(long total, List<Hit> hits, Map<String, List<Bucket>> facets, @Nullable String nextCursor) {

    /** A readable report: id, title, originator, labels, date and a highlighted snippet (HTML-escaped, {@code <em>} marks). */
    public record Hit(String id, String title, String originator, Map<String, Object> labels, String submittedAt,
                      @Nullable String snippet) {}

    public record Bucket(String value, long count) {}
}
