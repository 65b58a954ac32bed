package de.verbund.exchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.LongTermsBucket;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.RequestItem;
import de.verbund.access.policy.ReportFields;
import de.verbund.ingest.index.ReportIndex;

import org.springframework.stereotype.Service;

/**
 * The selector check's look-up (hit/no-hit, docs/brief.md "Selector check"). Deliberately <em>without</em> the
 * need-to-know filter: a check finds selectors in every live, unrestricted report, including {@code HIT_ONLY} reports and
 * reports the caller may not read. It therefore returns no content, title, labels or report ids — only, per
 * selector and originator, whether reports at or below the caller's clearance and reports above it hold the
 * selector, so that the caller's answer can be reduced to (originator, opaque reference) and withheld hits turned
 * into notifications.
 *
 * <p>One request per {@value #CHUNK} selectors inside one {@code _msearch}: a {@code filters} aggregation keyed by
 * selector (postings, no doc values of the many-valued selector field), then originator, then classification level.
 * 100 × 40 × 4 buckets stay below Elasticsearch's bucket limit even for selectors that occur everywhere.
 */
@Service
public class SelectorLookup {

    static final int CHUNK = 100;

    private final ElasticsearchClient client;
    private final ReportIndex index;

    SelectorLookup(ElasticsearchClient client, ReportIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * Where one selector occurs at one originator.
     *
     * @param readableLevel reports at or below the caller's clearance hold it
     * @param aboveClearance reports above the caller's clearance hold it (never shown to the caller)
     */
    public record Occurrence(String selector, String originator, boolean readableLevel, boolean aboveClearance) {}

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
                            .aggregations("selector", aggregation(chunk)))));
        }
        @SuppressWarnings("rawtypes")
        MsearchResponse<Map> response = client.msearch(m -> m.searches(searches), Map.class);
        for (MultiSearchResponseItem<?> item : response.responses()) {
            if (item.isFailure()) {
                throw new IOException("selector look-up failed: " + item.failure().error().type());
            }
            item.result().aggregations().get("selector").filters().buckets().keyed().forEach((key, sel) -> {
                if (sel.docCount() == 0) {
                    return;
                }
                List<Occurrence> occurrences = new ArrayList<>();
                for (StringTermsBucket orig : sel.aggregations().get("originator").sterms().buckets().array()) {
                    boolean readable = false;
                    boolean above = false;
                    for (LongTermsBucket level : orig.aggregations().get("level").lterms().buckets().array()) {
                        if (level.key() <= clearanceLevel) {
                            readable = true;
                        } else {
                            above = true;
                        }
                    }
                    occurrences.add(new Occurrence(key, orig.key().stringValue(), readable, above));
                }
                found.put(key, occurrences);
            });
        }
        return found;
    }

    /** The chunk's selectors in reports that are not restricted (a restricted report gives no hit, § 58 BDSG). */
    static Query query(List<String> chunk) {
        List<FieldValue> values = chunk.stream().map(FieldValue::of).toList();
        return Query.of(q -> q.bool(b -> b
                .filter(f -> f.terms(t -> t.field(ReportFields.SELECTORS).terms(v -> v.value(values))))
                .filter(f -> f.term(t -> t.field(ReportFields.RESTRICTED).value(false)))));
    }

    static Aggregation aggregation(List<String> chunk) {
        Map<String, Query> filters = new LinkedHashMap<>();
        for (String key : chunk) {
            filters.put(key, Query.of(q -> q.term(t -> t.field(ReportFields.SELECTORS).value(key))));
        }
        return Aggregation.of(a -> a
                .filters(f -> f.filters(b -> b.keyed(filters)))
                .aggregations("originator", o -> o
                        .terms(t -> t.field(ReportFields.ORIGINATOR).size(40))
                        .aggregations("level", l -> l.terms(t -> t.field(ReportFields.CLASSIFICATION_LEVEL).size(4)))));
    }
}
