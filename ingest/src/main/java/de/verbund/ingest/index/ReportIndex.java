package de.verbund.ingest.index;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.indices.GetAliasResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import de.verbund.ingest.IngestProperties;
import org.springframework.stereotype.Component;

/**
 * The report index: an alias ({@code verbund.index.name}) over a concrete index named after the mapping version.
 * Labels are keywords; the classification is also indexed as its level for the access filter; text and title use
 * the German analyzer of the project's stable plugin ({@code es-analysis-german}), so that "Ermittlung" finds
 * "Ermittlungen" and "Strasse" finds "Straße"; their {@code parts} subfields also hold the parts of compounds
 * ("Betrug" finds "Anlagebetrug"), their {@code names} subfields the capitalised words as name codes
 * ({@code name:Meier} finds "Meyer"). See docs/adr/0013. The index is derived: {@link IndexRebuild} recreates it from
 * PostgreSQL at any time.
 */
@Component
public class ReportIndex {

    /** Bump when the mapping or analysis changes; the hub then rebuilds the index from PostgreSQL. */
    public static final int MAPPING_VERSION = 4;

    private static final Logger log = LoggerFactory.getLogger(ReportIndex.class);

    /**
     * One primary shard; a replica on a second data node as soon as the cluster has one ({@code auto_expand_replicas}
     * 0-1: none on a single node, one copy more on three nodes, so one node can die). Elasticsearch acknowledges a
     * write only after every in-sync copy has it; the index is rebuilt from PostgreSQL in any case (docs/adr/0017).
     */
    public static final String SETTINGS = """
            {
              "number_of_shards": 1,
              "auto_expand_replicas": "0-1",
              "refresh_interval": "1s",
              "analysis": {
                "analyzer": {
                  "verbund_german": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "verbund_german_normalization", "verbund_german_light_stem"]
                  },
                  "verbund_german_parts": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["lowercase", "verbund_german_decompound", "verbund_german_normalization",
                               "verbund_german_light_stem"]
                  },
                  "verbund_names": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["verbund_capitalised", "verbund_name_phonetic"]
                  },
                  "verbund_names_query": {
                    "type": "custom",
                    "tokenizer": "standard",
                    "filter": ["verbund_name_phonetic"]
                  }
                },
                "normalizer": {
                  "verbund_lower": {"type": "custom", "filter": ["lowercase"]}
                }
              }
            }
            """;

    public static final String MAPPING = """
            {
              "dynamic": "strict",
              "_meta": {"mappingVersion": %d},
              "properties": {
                "id":                  {"type": "keyword"},
                "originator":          {"type": "keyword"},
                "caseReference":       {"type": "keyword"},
                "title":               {"type": "text", "analyzer": "verbund_german",
                                        "fields": {"raw": {"type": "keyword", "ignore_above": 512},
                                                   "parts": {"type": "text", "analyzer": "verbund_german_parts",
                                                             "search_analyzer": "verbund_german"},
                                                   "names": {"type": "text", "analyzer": "verbund_names",
                                                             "search_analyzer": "verbund_names_query"}}},
                "text":                {"type": "text", "analyzer": "verbund_german",
                                        "fields": {"parts": {"type": "text", "analyzer": "verbund_german_parts",
                                                             "search_analyzer": "verbund_german"},
                                                   "names": {"type": "text", "analyzer": "verbund_names",
                                                             "search_analyzer": "verbund_names_query"}}},
                "language":            {"type": "keyword"},
                "phenomenonArea":      {"type": "keyword"},
                "classification":      {"type": "keyword"},
                "classificationLevel": {"type": "integer"},
                "releasableTo":        {"type": "keyword"},
                "handlingCode":        {"type": "keyword"},
                "handlingNote":        {"type": "text", "index": false},
                "disclosure":          {"type": "keyword"},
                "collection":          {"type": "keyword"},
                "reviewBy":            {"type": "date", "format": "strict_date"},
                "submittedAt":         {"type": "date"},
                "selectors":           {"type": "keyword"},
                "restricted":          {"type": "boolean"}
              }
            }
            """.formatted(MAPPING_VERSION);

    private final ElasticsearchClient client;
    private final String alias;
    private volatile boolean ready;

    ReportIndex(ElasticsearchClient client, IngestProperties properties) {
        this.client = client;
        this.alias = properties.index().name();
    }

    /** The alias every read and write goes through. */
    public String alias() {
        return alias;
    }

    /** Whether the alias exists and points to an index of the current mapping version. */
    public boolean isCurrent() throws IOException {
        return currentIndex().map(i -> i.startsWith(alias + "-v" + MAPPING_VERSION + "-")).orElse(false);
    }

    /** The concrete index behind the alias, if any. */
    public Optional<String> currentIndex() throws IOException {
        try {
            GetAliasResponse response = client.indices().getAlias(a -> a.name(alias));
            return response.aliases().keySet().stream().findFirst();
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates a new, empty concrete index of the current mapping, not yet behind the alias. */
    public String createConcrete() throws IOException {
        String name = alias + "-v" + MAPPING_VERSION + "-" + Instant.now().toEpochMilli();
        client.indices().create(c -> c.index(name)
                .settings(s -> s.withJson(new StringReader(SETTINGS)))
                .mappings(m -> m.withJson(new StringReader(MAPPING))));
        log.info("created index {}", name);
        return name;
    }

    /** Creates the index and alias when missing. Safe to call repeatedly. */
    public void ensureExists() throws IOException {
        if (ready) {
            return;
        }
        Optional<String> existing = currentIndex();
        if (existing.isPresent()) {
            // indices created before the cluster layout had no replicas: one copy on a second data node, none alone
            client.indices().putSettings(p -> p.index(existing.get()).settings(s -> s.autoExpandReplicas("0-1")));
        } else {
            String concrete = createConcrete();
            try {
                client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(concrete).alias(alias)
                        .isWriteIndex(true))));
            } catch (ElasticsearchException e) {
                log.warn("alias {} could not be created: {}", alias, e.error().type());
                throw e;
            }
        }
        ready = true;
    }

    /**
     * Removes the documents of erased reports from the index files, not only from search: a flush (the translog
     * that still holds their source is trimmed), then a force merge that rewrites every segment holding a deleted
     * document ({@code expunge_deletes_allowed: 0}). Deleted documents that a retention lease still keeps for
     * recovery (soft deletes, renewed about every 30 s) go in the next run. Heavy on a large index: nightly.
     */
    public void expungeDeleted() throws IOException {
        Optional<String> concrete = currentIndex();
        if (concrete.isEmpty()) {
            return;
        }
        client.indices().putSettings(p -> p.index(concrete.get()).settings(s -> s.otherSettings(
                "index.merge.policy.expunge_deletes_allowed", co.elastic.clients.json.JsonData.of(0))));
        client.indices().flush(f -> f.index(concrete.get()).force(true).waitIfOngoing(true));
        client.indices().forcemerge(f -> f.index(concrete.get()).onlyExpungeDeletes(true));
        client.indices().flush(f -> f.index(concrete.get()).force(true).waitIfOngoing(true));
    }

    /** Points the alias at {@code concrete} atomically and deletes the indices it pointed to before. */
    public void swapTo(String concrete) throws IOException {
        Optional<String> old = currentIndex();
        client.indices().updateAliases(u -> {
            u.actions(a -> a.add(add -> add.index(concrete).alias(alias).isWriteIndex(true)));
            old.ifPresent(o -> u.actions(a -> a.remove(r -> r.index(o).alias(alias))));
            return u;
        });
        if (old.isPresent() && !old.get().equals(concrete)) {
            client.indices().delete(d -> d.index(old.get()));
        }
        ready = true;
        log.info("alias {} now points to {}", alias, concrete);
    }
}
