package de.verbund.search.query;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlightField;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.util.NamedValue;
import de.verbund.access.policy.AccessFilter;
import de.verbund.access.policy.ReportFields;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.index.ReportIndex;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The only read path to the report index (an ArchUnit rule forbids others). Every request — search, facets,
 * next page, related reports — carries the need-to-know filter as a {@code filter} clause of the same bool
 * query, so hits, totals, facet buckets and highlights can only come from readable reports.
 */
@Service
public class ReportSearch {

    public static final int MAX_SIZE = 100;
    static final String PIT_KEEP_ALIVE = "2m";
    static final List<String> SOURCE = List.of(ReportFields.ID, ReportFields.TITLE, ReportFields.ORIGINATOR,
            ReportFields.CLASSIFICATION, ReportFields.PHENOMENON_AREA, ReportFields.SUBMITTED_AT, ReportFields.RELEASABLE_TO,
            ReportFields.HANDLING_CODE, ReportFields.DISCLOSURE, ReportFields.COLLECTION, ReportFields.CASE_REFERENCE,
            ReportFields.REVIEW_BY);

    public enum Sort { RELEVANCE, DATE }

    private final ElasticsearchClient client;
    private final ReportIndex index;
    private final SearchCursors cursors;

    ReportSearch(ElasticsearchClient client, ReportIndex index, SearchCursors cursors) {
        this.client = client;
        this.index = index;
        this.cursors = cursors;
    }

    /**
     * @param queryText the caller's query in the hub's query language
     * @param cursor a cursor from a previous page of the same query, or null for the first page
     */
    public SearchResult search(Subject subject, String queryText, Sort sort, int size, @Nullable String cursor,
                               Set<ReportId> grantedReports) throws IOException {
        Query userQuery = QueryLanguage.parse(queryText);
        Query access = AccessFilter.forSubject(subject, grantedReports);
        Query query = Query.of(q -> q.bool(b -> b.must(userQuery).filter(access)));
        int bounded = Math.max(1, Math.min(size, MAX_SIZE));
        String queryHash = SearchCursors.hash(queryText, sort.name(), String.valueOf(bounded));
        SearchCursors.Cursor page = cursor == null ? null : cursors.open(cursor, subject.userId(), queryHash);
        index.ensureExists();
        // The first page needs no point in time; the second opens one, and every later page reads that snapshot
        // (ADR 0007): a first page costs one round trip and holds no search context in Elasticsearch.
        String pitId = page == null ? null : page.pit().isEmpty()
                ? client.openPointInTime(p -> p.index(index.alias()).keepAlive(k -> k.time(PIT_KEEP_ALIVE))).id()
                : page.pit();

        SearchRequest request = SearchRequest.of(s -> {
            if (page == null) {
                s.index(index.alias());
            } else {
                s.pit(p -> p.id(pitId).keepAlive(k -> k.time(PIT_KEEP_ALIVE)));
                s.searchAfter(page.searchAfter().stream().map(ReportSearch::fieldValue).toList());
            }
            s.query(query).size(bounded).trackTotalHits(t -> t.enabled(true))
                    .sort(sortOptions(sort))
                    .source(src -> src.filter(f -> f.includes(SOURCE)))
                    .highlight(h -> h.encoder(HighlighterEncoder.Html).preTags("<em>").postTags("</em>")
                            .fields(NamedValue.of(ReportFields.TEXT, HighlightField.of(f -> f.fragmentSize(160).numberOfFragments(1)
                                    // matches in the parts and names subfields mark the word as written: the compound, the name
                                    .matchedFields(ReportFields.TEXT, ReportFields.TEXT_PARTS, ReportFields.TEXT_NAMES)))));
            if (page == null) {
                s.aggregations("originator", a -> a.terms(t -> t.field(ReportFields.ORIGINATOR).size(20)))
                        .aggregations("phenomenonArea", a -> a.terms(t -> t.field(ReportFields.PHENOMENON_AREA).size(10)))
                        .aggregations("classification", a -> a.terms(t -> t.field(ReportFields.CLASSIFICATION).size(10)))
                        .aggregations("month", a -> a.dateHistogram(d -> d.field(ReportFields.SUBMITTED_AT)
                                .calendarInterval(CalendarInterval.Month).format("yyyy-MM").minDocCount(1)));
            }
            return s;
        });
        @SuppressWarnings("rawtypes")
        SearchResponse<Map> response = client.search(request, Map.class);
        List<SearchResult.Hit> hits = new ArrayList<>();
        List<Object> lastSort = null;
        for (var h : response.hits().hits()) {
            Map<?, ?> src = h.source();
            Map<String, Object> labels = new LinkedHashMap<>();
            for (String field : List.of(ReportFields.CLASSIFICATION, ReportFields.PHENOMENON_AREA, ReportFields.RELEASABLE_TO,
                    ReportFields.HANDLING_CODE, ReportFields.DISCLOSURE, ReportFields.COLLECTION, ReportFields.CASE_REFERENCE,
                    ReportFields.REVIEW_BY)) {
                if (src != null && src.get(field) != null) {
                    labels.put(field, src.get(field));
                }
            }
            List<String> fragments = h.highlight().get(ReportFields.TEXT);
            hits.add(new SearchResult.Hit(h.id(), str(src, ReportFields.TITLE), str(src, ReportFields.ORIGINATOR), labels,
                    str(src, ReportFields.SUBMITTED_AT), fragments == null || fragments.isEmpty() ? null : fragments.get(0)));
            lastSort = h.sort().stream().map(ReportSearch::plain).toList();
        }
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        Map<String, List<SearchResult.Bucket>> facets = page == null ? facets(response.aggregations()) : Map.of();

        String next = null;
        boolean more = hits.size() == bounded && lastSort != null;
        if (more) {
            String pit = pitId == null ? "" : response.pitId() != null ? response.pitId() : pitId;
            next = cursors.seal(pit, lastSort, subject.userId(), queryHash, Instant.now().plusSeconds(110));
        } else if (pitId != null) {
            client.closePointInTime(c -> c.id(pitId));
        }
        return new SearchResult(total, hits, facets, next);
    }

    /** Readable reports sharing at least one of the selectors, excluding {@code self}. */
    public SearchResult related(Subject subject, ReportId self, List<String> selectorKeys, Set<ReportId> grantedReports)
            throws IOException {
        if (selectorKeys.isEmpty()) {
            return new SearchResult(0, List.of(), Map.of(), null);
        }
        Query access = AccessFilter.forSubject(subject, grantedReports);
        List<FieldValue> values = selectorKeys.stream().limit(1000).map(FieldValue::of).toList();
        Query shares = Query.of(q -> q.terms(t -> t.field(ReportFields.SELECTORS).terms(v -> v.value(values))));
        Query notSelf = Query.of(q -> q.ids(i -> i.values(self.toString())));
        @SuppressWarnings("rawtypes")
        SearchResponse<Map> response = client.search(s -> s.index(index.alias())
                .query(q -> q.bool(b -> b.must(shares).mustNot(notSelf).filter(access)))
                .size(MAX_SIZE).trackTotalHits(t -> t.enabled(true))
                .source(src -> src.filter(f -> f.includes(SOURCE)))
                .highlight(h -> h.fields(NamedValue.of(ReportFields.SELECTORS, HighlightField.of(f -> f.numberOfFragments(20))))), Map.class);
        List<SearchResult.Hit> hits = new ArrayList<>();
        for (var h : response.hits().hits()) {
            Map<?, ?> src = h.source();
            List<String> shared = h.highlight().get(ReportFields.SELECTORS);
            hits.add(new SearchResult.Hit(h.id(), str(src, ReportFields.TITLE), str(src, ReportFields.ORIGINATOR),
                    Map.of(ReportFields.CLASSIFICATION, str(src, ReportFields.CLASSIFICATION),
                            ReportFields.PHENOMENON_AREA, str(src, ReportFields.PHENOMENON_AREA),
                            "sharedSelectors", shared == null ? List.of() : shared.stream()
                                    .map(x -> x.replace("<em>", "").replace("</em>", "")).toList()),
                    str(src, ReportFields.SUBMITTED_AT), null));
        }
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        return new SearchResult(total, hits, Map.of(), null);
    }

    private static List<SortOptions> sortOptions(Sort sort) {
        List<SortOptions> options = new ArrayList<>();
        if (sort == Sort.RELEVANCE) {
            options.add(SortOptions.of(o -> o.score(sc -> sc.order(SortOrder.Desc))));
        }
        options.add(SortOptions.of(o -> o.field(f -> f.field(ReportFields.SUBMITTED_AT).order(SortOrder.Desc))));
        options.add(SortOptions.of(o -> o.field(f -> f.field(ReportFields.ID).order(SortOrder.Asc))));
        return options;
    }

    private static Map<String, List<SearchResult.Bucket>> facets(Map<String, Aggregate> aggs) {
        Map<String, List<SearchResult.Bucket>> facets = new LinkedHashMap<>();
        for (String name : List.of("originator", "phenomenonArea", "classification")) {
            Aggregate a = aggs.get(name);
            if (a != null && a.isSterms()) {
                facets.put(name, a.sterms().buckets().array().stream()
                        .map(b -> new SearchResult.Bucket(b.key().stringValue(), b.docCount())).toList());
            }
        }
        Aggregate month = aggs.get("month");
        if (month != null && month.isDateHistogram()) {
            facets.put("month", month.dateHistogram().buckets().array().stream()
                    .map(b -> new SearchResult.Bucket(b.keyAsString(), b.docCount())).toList());
        }
        return facets;
    }

    private static Object plain(FieldValue v) {
        if (v.isDouble()) {
            return v.doubleValue();
        }
        if (v.isLong()) {
            return v.longValue();
        }
        if (v.isString()) {
            return v.stringValue();
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        return null;
    }

    private static FieldValue fieldValue(Object o) {
        if (o instanceof Number n) {
            return n instanceof Double || n instanceof Float ? FieldValue.of(n.doubleValue()) : FieldValue.of(n.longValue());
        }
        if (o instanceof Boolean b) {
            return FieldValue.of(b);
        }
        if (o == null) {
            return FieldValue.NULL;
        }
        return FieldValue.of(o.toString());
    }

    private static String str(@Nullable Map<?, ?> source, String field) {
        Object value = source == null ? null : source.get(field);
        return value == null ? "" : value.toString();
    }
}
