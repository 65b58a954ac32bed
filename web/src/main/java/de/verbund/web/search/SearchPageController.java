package de.verbund.web.search;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import de.verbund.access.quota.QuotaExceeded;
import de.verbund.access.subject.Subject;
import de.verbund.audit.Purpose;
import de.verbund.search.query.InvalidQuery;
import de.verbund.search.query.ReportSearch;
import de.verbund.search.query.SearchResult;
import de.verbund.search.query.SearchService;
import de.verbund.web.layout.VisibleText;
import de.verbund.web.purpose.SessionPurpose;
import de.verbund.web.security.WebSubjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

/**
 * The search page. It calls {@link SearchService} exactly as {@code POST /api/v1/search} does (same filter, same audit
 * record, same quota), with the session's purpose; it never queries the index itself. An htmx request gets only the
 * results fragment.
 */
@Controller
class SearchPageController {

    static final int PAGE_SIZE = 20;
    private static final DateTimeFormatter GERMAN_DATE = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.GERMANY);

    private final SearchService searches;
    private final WebSubjects subjects;

    SearchPageController(SearchService searches, WebSubjects subjects) {
        this.searches = searches;
        this.subjects = subjects;
    }

    /** One snippet part: text, and whether it is a search word to mark. */
    public record Part(String text, boolean mark) {}

    /** A hit as the page shows it; every value is rendered as text (th:text), never as markup. */
    public record HitView(String id, String title, String originator, String classification, String area, String date,
                   List<Part> snippet) {}

    /** A facet value with its count and the query that filters by it. */
    public record FacetView(String value, long count, String query) {}

    @GetMapping("/ui/suche")
    String search(@RequestParam(name = "q", required = false) @Nullable String query,
                  @RequestParam(name = "sortierung", defaultValue = "RELEVANCE") String sort,
                  @RequestParam(name = "weiter", required = false) @Nullable String cursor,
                  @RequestHeader(name = "HX-Request", required = false) @Nullable String htmx,
                  Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                  Model model) throws IOException {
        Subject subject = subjects.of(authentication, request, response);
        Optional<Purpose> purpose = SessionPurpose.of(request.getSession());
        if (purpose.isEmpty()) {
            String back = "/ui/suche" + (query == null ? "" : "?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            return "redirect:/ui/zweck?weiter=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        }
        ReportSearch.Sort order = "DATE".equals(sort) ? ReportSearch.Sort.DATE : ReportSearch.Sort.RELEVANCE;
        model.addAttribute("query", query == null ? "" : query);
        model.addAttribute("sort", order.name());
        if (query != null) {
            try {
                SearchResult result = searches.search(subject, purpose.get(), query, order, PAGE_SIZE, cursor);
                model.addAttribute("total", result.total());
                model.addAttribute("hits", result.hits().stream().map(SearchPageController::view).toList());
                model.addAttribute("facets", facets(result, query));
                model.addAttribute("next", result.nextCursor());
            } catch (InvalidQuery e) {
                response.setStatus(400);
                model.addAttribute("queryError", e.getMessage());
            } catch (QuotaExceeded e) {
                response.setStatus(429);
                response.setHeader("Retry-After", String.valueOf(e.retryAfterSeconds()));
                model.addAttribute("quotaSeconds", e.retryAfterSeconds());
            }
        }
        return htmx != null ? "search :: results" : "search";
    }

    static HitView view(SearchResult.Hit hit) {
        Map<String, Object> labels = hit.labels();
        return new HitView(hit.id(), VisibleText.of(hit.title()), hit.originator(), String.valueOf(labels.getOrDefault("classification", "")),
                String.valueOf(labels.getOrDefault("phenomenonArea", "")), germanDate(hit.submittedAt()),
                parts(hit.snippet()));
    }

    /** Splits Elasticsearch's highlight (HTML-escaped text with {@code <em>} marks) into plain text parts. */
    static List<Part> parts(@Nullable String snippet) {
        List<Part> parts = new ArrayList<>();
        if (snippet == null) {
            return parts;
        }
        boolean inside = false;
        for (String piece : snippet.split("(?=<em>)|(?<=<em>)|(?=</em>)|(?<=</em>)")) {
            switch (piece) {
                case "<em>" -> inside = true;
                case "</em>" -> inside = false;
                default -> {
                    if (!piece.isEmpty()) {
                        parts.add(new Part(VisibleText.of(HtmlUtils.htmlUnescape(piece)), inside));
                    }
                }
            }
        }
        return parts;
    }

    static String germanDate(String iso) {
        try {
            return OffsetDateTime.parse(iso).atZoneSameInstant(java.time.ZoneId.of("Europe/Berlin")).format(GERMAN_DATE);
        } catch (DateTimeParseException e) {
            return iso.length() >= 10 ? iso.substring(0, 10) : iso;
        }
    }

    /** Facets of the page, each value with the query that adds it as a filter. */
    static Map<String, List<FacetView>> facets(SearchResult result, String query) {
        Map<String, String> fields = Map.of("originator", "originator", "phenomenonArea", "area",
                "classification", "classification", "month", "date");
        Map<String, List<FacetView>> views = new LinkedHashMap<>();
        for (String name : List.of("originator", "phenomenonArea", "classification", "month")) {
            List<SearchResult.Bucket> buckets = result.facets().getOrDefault(name, List.of());
            views.put(name, buckets.stream().map(b -> {
                String value = name.equals("month") && b.value().length() >= 7 ? b.value().substring(0, 7) : b.value();
                String filter = fields.get(name) + ":" + (value.contains(" ") ? "\"" + value + "\"" : value);
                return new FacetView(value, b.count(), (query.isBlank() ? "" : query + " ") + filter);
            }).toList());
        }
        return views;
    }
}
