package de.verbund.search.web;

import java.io.IOException;
import java.util.Set;

import de.verbund.search.query.ReportSearch;
import de.verbund.search.query.SearchResult;
import de.verbund.search.security.SubjectAuthentication;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/search}: full-text search within what the need-to-know rule lets the caller read. */
@RestController
@RequestMapping("/api/v1/search")
class SearchController {

    static final int MAX_QUERY = 1000;

    private final ReportSearch search;
    private final Audits audits;

    SearchController(ReportSearch search, Audits audits) {
        this.search = search;
        this.audits = audits;
    }

    /** The request body; unknown fields (raw query DSL, index names, scripts) are refused. */
    record SearchRequest(@Nullable String query, @Nullable String purpose, @Nullable String caseReference,
                         @Nullable Integer size) {}

    @PostMapping
    SearchResult search(@RequestBody SearchRequest request, SubjectAuthentication auth) throws IOException {
        Purpose purpose = Purpose.require(request.purpose(), request.caseReference());
        String words = request.query();
        if (words == null || words.isBlank()) {
            throw new InvalidQuery("'query' is required.");
        }
        if (words.length() > MAX_QUERY) {
            throw new InvalidQuery("'query' is limited to " + MAX_QUERY + " characters.");
        }
        SearchResult result = search.search(auth.subject(), words, request.size() == null ? 20 : request.size(), Set.of());
        audits.record(auth.subject(), "SEARCH", purpose,
                result.hits().stream().map(h -> h.id()).toList(), "OK", "NEED_TO_KNOW_FILTER",
                "total=" + result.total());
        return result;
    }
}
