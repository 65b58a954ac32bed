package de.verbund.search.web;

import java.io.IOException;
import java.util.Locale;

import de.verbund.access.grant.GrantStore;
import de.verbund.search.query.InvalidQuery;
import de.verbund.search.query.ReportSearch;
import de.verbund.search.query.SearchResult;
import de.verbund.search.security.SubjectAuthentication;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/search}: search within what the need-to-know rule lets the caller read. */
@RestController
@RequestMapping("/api/v1/search")
class SearchController {

    private final ReportSearch search;
    private final GrantStore grants;
    private final Audits audits;

    SearchController(ReportSearch search, GrantStore grants, Audits audits) {
        this.search = search;
        this.grants = grants;
        this.audits = audits;
    }

    /**
     * The request body; unknown fields (raw query DSL, index names, scripts) are refused.
     *
     * @param query the hub's query language (see {@code QueryLanguage})
     * @param sort {@code relevance} (default) or {@code date}
     * @param cursor {@code nextCursor} of the previous page, with the same query, sort and size
     */
    record SearchRequest(@Nullable String query, @Nullable String purpose, @Nullable String caseReference,
                         @Nullable Integer size, @Nullable String sort, @Nullable String cursor) {}

    @PostMapping
    SearchResult search(@RequestBody SearchRequest request, SubjectAuthentication auth) throws IOException {
        Purpose purpose = Purpose.require(request.purpose(), request.caseReference());
        ReportSearch.Sort sort = switch (request.sort() == null ? "relevance" : request.sort().toLowerCase(Locale.ROOT)) {
            case "relevance" -> ReportSearch.Sort.RELEVANCE;
            case "date" -> ReportSearch.Sort.DATE;
            default -> throw new InvalidQuery("sort is 'relevance' or 'date'");
        };
        int size = request.size() == null ? 20 : request.size();
        if (size < 1 || size > ReportSearch.MAX_SIZE) {
            throw new InvalidQuery("size is between 1 and " + ReportSearch.MAX_SIZE);
        }
        String query = request.query() == null ? "" : request.query();
        SearchResult result;
        try {
            result = search.search(auth.subject(), query, sort, size, request.cursor(), grants.activeFor(auth.subject()));
        } catch (InvalidQuery e) {
            audits.record(auth.subject(), "SEARCH", purpose, java.util.List.of(), "REJECTED", "QUERY_LANGUAGE",
                    "invalid query");
            throw e;
        }
        audits.record(auth.subject(), "SEARCH", purpose, result.hits().stream().map(SearchResult.Hit::id).toList(), "OK",
                "NEED_TO_KNOW_FILTER", "query=" + abbreviate(query) + "; total=" + result.total()
                        + (request.cursor() == null ? "" : "; next page"));
        return result;
    }

    static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
