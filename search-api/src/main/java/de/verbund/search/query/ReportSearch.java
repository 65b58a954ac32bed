package de.verbund.search.query;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import de.verbund.access.policy.AccessFilter;
import de.verbund.access.policy.ReportFields;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.index.ReportIndex;

import org.springframework.stereotype.Service;

/**
 * Searches the report index for one subject. The caller's words are matched as plain text (never parsed as
 * Elasticsearch syntax); the need-to-know filter sits in the same bool query as a {@code filter} clause.
 */
@Service
public class ReportSearch {

    private static final int MAX_SIZE = 100;

    private final ElasticsearchClient client;
    private final ReportIndex index;

    ReportSearch(ElasticsearchClient client, ReportIndex index) {
        this.client = client;
        this.index = index;
    }

    public SearchResult search(Subject subject, String words, int size, Set<ReportId> grantedReports) throws IOException {
        index.ensureExists();
        Query access = AccessFilter.forSubject(subject, grantedReports);
        Query match = Query.of(q -> q.multiMatch(m -> m.query(words)
                .fields(ReportFields.TITLE + "^2", ReportFields.TEXT)
                .type(TextQueryType.BestFields)
                .operator(Operator.And)
                .lenient(true)));
        int bounded = Math.max(1, Math.min(size, MAX_SIZE));
        @SuppressWarnings("rawtypes")
        SearchResponse<Map> response = client.search(s -> s
                .index(index.alias())
                .query(q -> q.bool(b -> b.must(match).filter(access)))
                .size(bounded)
                .trackTotalHits(t -> t.enabled(true))
                .source(src -> src.filter(f -> f.includes(ReportFields.ID, ReportFields.TITLE, ReportFields.ORIGINATOR,
                        ReportFields.CLASSIFICATION, ReportFields.PHENOMENON_AREA, ReportFields.SUBMITTED_AT))),
                Map.class);
        List<SearchHit> hits = response.hits().hits().stream().map(h -> {
            Map<?, ?> src = h.source();
            return new SearchHit(h.id(), str(src, ReportFields.TITLE), str(src, ReportFields.ORIGINATOR),
                    str(src, ReportFields.CLASSIFICATION), str(src, ReportFields.PHENOMENON_AREA),
                    str(src, ReportFields.SUBMITTED_AT), h.score() == null ? 0 : h.score());
        }).toList();
        long total = response.hits().total() == null ? hits.size() : response.hits().total().value();
        return new SearchResult(total, hits);
    }

    private static String str(Map<?, ?> source, String field) {
        Object value = source == null ? null : source.get(field);
        return value == null ? "" : value.toString();
    }
}
