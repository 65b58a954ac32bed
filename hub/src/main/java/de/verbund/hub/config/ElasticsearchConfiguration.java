package de.verbund.hub.config;

import co.elastic.clients.elasticsearch.ElasticsearchClient;

import de.verbund.hub.HubProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one Elasticsearch client of the hub. Reads on the report index go only through {@code ReportSearch}. */
@Configuration(proxyBeanMethods = false)
class ElasticsearchConfiguration {

    @Bean(destroyMethod = "close")
    ElasticsearchClient elasticsearchClient(HubProperties hub) {
        HubProperties.Elasticsearch properties = hub.elasticsearch();
        return ElasticsearchClient.of(b -> b
                .host(properties.url().toString())
                .usernameAndPassword(properties.username(), properties.password()));
    }
}
