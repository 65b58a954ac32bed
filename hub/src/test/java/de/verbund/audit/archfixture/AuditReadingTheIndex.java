package de.verbund.audit.archfixture;

import java.io.IOException;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

/** Reads the report index outside the filtered path on purpose; only ModuleBoundaryTests imports it. */
class AuditReadingTheIndex {

    Object read(ElasticsearchClient client) throws IOException {
        return client.search(s -> s.index("verbund-reports"), Object.class);
    }
}
