package de.verbund.search.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.TermsAggregationExecutionHint;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import de.verbund.access.policy.ReportFields;
import de.verbund.ingest.index.ReportIndex;

import org.springframework.stereotype.Service;

/**
 * The selector check's look-up (hit/no-hit, BRIEF "Selector check"). Deliberately <em>without</em> the
 * need-to-know filter: a check finds selectors in every live report, including {@code HIT_ONLY} reports and
 * reports the caller may not read. It therefore returns no content, title or labels — only, per selector and
 * originator, the ids of the reports at or below the caller's clearance and those above it, so that the caller's
 * answer can be reduced to (originator, opaque reference) and withheld hits turned into notifications.
 *
 * <p>One request per {@value #CHUNK} selectors inside one {@code _msearch}, so that even a list of selectors that
 * occur everywhere stays below Elasticsearch's bucket limit; at most {@value #IDS_PER_HIT} report ids are kept per
 * selector, originator and side of the clearance line.
 */
@Service
public class SelectorLookup {

    /** Selectors per sub-request: 100 × (1 + 17 originators × (1 + 2 × 10 ids)) buckets stay below 65,536. */
    static final int CHUNK = 100;
    public static final int IDS_PER_HIT = 10;

    private final ElasticsearchClient client;
    private final ReportIndex index;

    SelectorLookup(ElasticsearchClient client, ReportIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * Where one selector occurs at one originator.
     *
     * @param readableLevel ids of reports whose classification the caller's clearance covers
     * @param aboveClearance ids of reports above the caller's clearance (never shown to the caller)
     */
    public record Occurrence(String selector, String originator, List<String> readableLevel, List<String> aboveClearance) {
        public Occurrence {
            readableLevel = List.copyOf(readableLevel);
            aboveClearance = List.copyOf(aboveClearance);
        }
    }

    /**
     * @param selectorKeys normalised keys ({@code type:value}), distinct
     * @param clearanceLevel the caller's clearance as {@link de.verbund.access.label.Classification#level()}
     * @return occurrences grouped by selector key; a key without occurrence is absent
     */
    public Map<String, List<Occurrence>> find(List<String> selectorKeys, int clearanceLevel) throws IOException {
        Map<String, List<Occurrence>> found = new LinkedHashMap<>();
        if (selectorKeys.isEmpty()) {
            return found;
        }
        index.ensureExists();
        List<RequestItem> searches = new ArrayList<>();
        for (int from = 0; from < selectorKeys.size(); from += CHUNK) {
            List<String> chunk = selectorKeys.subList(from, Math.min(selectorKeys.size(), from + CHUNK));
            searches.add(RequestItem.of(r -> r.header(h -> h.index(index.alias()))
                    .body(b -> b.size(0).trackTotalHits(t -> t.enabled(false))
                            .query(query(chunk))
                            .aggregations("selector", aggregation(chunk, clearanceLevel)))));
        }
        @SuppressWarnings("rawtypes")
        MsearchResponse<Map> response = client.msearch(m -> m.searches(searches), Map.class);
        for (MultiSearchResponseItem<?> item : response.responses()) {
            if (item.isFailure()) {
                throw new IOException("selector look-up failed: " + item.failure().error().type());
            }
            for (StringTermsBucket sel : item.result().aggregations().get("selector").sterms().buckets().array()) {
                String key = sel.key().stringValue();
                List<Occurrence> occurrences = new ArrayList<>();
                for (StringTermsBucket orig : sel.aggregations().get("originator").sterms().buckets().array()) {
                    occurrences.add(new Occurrence(key, orig.key().stringValue(),
                            ids(orig.aggregations().get("readable")), ids(orig.aggregations().get("above"))));
                }
                found.put(key, occurrences);
            }
        }
        return found;
    }

    /** The same request as sent to Elasticsearch, for the benchmark's baseline. */
    public static Query query(List<String> chunk) {
        List<FieldValue> values = chunk.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.terms(t -> t.field(ReportFields.SELECTORS).terms(v -> v.value(values))));
    }

    public static Aggregation aggregation(List<String> chunk, int clearanceLevel) {
        Query readable = Query.of(q -> q.range(r -> r.number(n -> n.field(ReportFields.CLASSIFICATION_LEVEL)
                .lte((double) clearanceLevel))));
        Query above = Query.of(q -> q.range(r -> r.number(n -> n.field(ReportFields.CLASSIFICATION_LEVEL)
                .gt((double) clearanceLevel))));
        Aggregation perOriginator = Aggregation.of(o -> o
                .terms(t -> t.field(ReportFields.ORIGINATOR).size(40))
                .aggregations("readable", side(readable))
                .aggregations("above", side(above)));
        return Aggregation.of(a -> a
                .terms(t -> t.field(ReportFields.SELECTORS).include(i -> i.terms(chunk)).size(chunk.size())
                        .executionHint(TermsAggregationExecutionHint.Map))
                .aggregations("originator", perOriginator));
    }

    private static Aggregation side(Query filter) {
        return Aggregation.of(a -> a.filter(filter)
                .aggregations("ids", i -> i.terms(t -> t.field(ReportFields.ID).size(IDS_PER_HIT)
                        .executionHint(TermsAggregationExecutionHint.Map))));
    }

    private static List<String> ids(Aggregate side) {
        return side.filter().aggregations().get("ids").sterms().buckets().array().stream()
                .map(b -> b.key().stringValue()).sorted().toList();
    }
}
