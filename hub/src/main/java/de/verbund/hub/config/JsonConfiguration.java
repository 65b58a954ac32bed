package de.verbund.hub.config;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.StreamReadFeature;

/**
 * Every JSON body the API reads refuses a key that occurs twice in one object (400 malformed-request): with "last
 * one wins", {@code {"query":"a","query":"b"}} means something else to a proxy or a log reader than to the hub. The
 * labels part of a submission, read by the ingest module itself, refuses them too.
 */
@Configuration(proxyBeanMethods = false)
class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictDuplicateKeys() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
