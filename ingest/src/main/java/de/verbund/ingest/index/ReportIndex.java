package de.verbund.ingest.index;

import java.io.IOException;
import java.io.StringReader;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The report index: an alias ({@code verbund.index.name}) over a versioned concrete index, created with a strict
 * mapping when missing. Labels are keywords; the classification is also indexed as its level for the filter.
 */
@Component
public class ReportIndex {

    private static final Logger log = LoggerFactory.getLogger(ReportIndex.class);

    static final String MAPPING = """
            {
              "dynamic": "strict",
              "properties": {
                "id":                  {"type": "keyword"},
                "originator":          {"type": "keyword"},
                "caseReference":       {"type": "keyword"},
                "title":               {"type": "text", "fields": {"raw": {"type": "keyword", "ignore_above": 512}}},
                "text":                {"type": "text"},
                "phenomenonArea":      {"type": "keyword"},
                "classification":      {"type": "keyword"},
                "classificationLevel": {"type": "integer"},
                "releasableTo":        {"type": "keyword"},
                "handlingCode":        {"type": "keyword"},
                "handlingNote":        {"type": "text", "index": false},
                "disclosure":          {"type": "keyword"},
                "collection":          {"type": "keyword"},
                "reviewBy":            {"type": "date", "format": "strict_date"},
                "submittedAt":         {"type": "date"}
              }
            }
            """;

    private final ElasticsearchClient client;
    private final String alias;
    private volatile boolean ready;

    ReportIndex(ElasticsearchClient client, @Value("${verbund.index.name:verbund-reports}") String alias) {
        if (!alias.startsWith("verbund-")) {
            throw new IllegalArgumentException("verbund.index.name must start with 'verbund-'");
        }
        this.client = client;
        this.alias = alias;
    }

    /** The alias every read and write goes through. */
    public String alias() {
        return alias;
    }

    /** Creates the index and alias when missing. Safe to call repeatedly and from several nodes. */
    public void ensureExists() throws IOException {
        if (ready) {
            return;
        }
        if (!client.indices().existsAlias(a -> a.name(alias)).value()) {
            String concrete = alias + "-000001";
            try {
                client.indices().create(c -> c.index(concrete)
                        .settings(s -> s.numberOfShards("1").numberOfReplicas("0").refreshInterval(t -> t.time("1s")))
                        .mappings(m -> m.withJson(new StringReader(MAPPING)))
                        .aliases(alias, a -> a.isWriteIndex(true)));
                log.info("created index {} with alias {}", concrete, alias);
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
        ready = true;
    }
}
