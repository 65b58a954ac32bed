package de.verbund.search.web;

import java.io.IOException;
import java.util.Locale;

import de.verbund.access.subject.Subject;
import de.verbund.audit.Purpose;
import de.verbund.search.query.InvalidQuery;
import de.verbund.search.query.ReportSearch;
import de.verbund.search.query.SearchResult;
import de.verbund.search.query.SearchService;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/search}: search within what the need-to-know rule lets the caller read. */
@RestController
@RequestMapping("/api/v1/search")
class SearchController {

    private final SearchService searches;

    SearchController(SearchService searches) {
        this.searches = searches;
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
    SearchResult search(@RequestBody SearchRequest request, @AuthenticationPrincipal Subject subject)
            throws IOException {
        Purpose purpose = Purpose.require(request.purpose(), request.caseReference());
        ReportSearch.Sort sort = switch (request.sort() == null ? "relevance" : request.sort().toLowerCase(Locale.ROOT)) {
            case "relevance" -> ReportSearch.Sort.RELEVANCE;
            case "date" -> ReportSearch.Sort.DATE;
            default -> throw new InvalidQuery("sort is 'relevance' or 'date'");
        };
        return searches.search(subject, purpose, request.query() == null ? "" : request.query(), sort,
                request.size() == null ? 20 : request.size(), request.cursor());
    }
}
