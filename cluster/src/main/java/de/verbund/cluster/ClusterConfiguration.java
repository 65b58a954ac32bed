package de.verbund.cluster;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The instance's leader role, taken when the application context starts and given up when it closes. */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean(destroyMethod = "close")
    Leadership leadership(DataSource dataSource, ClusterProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new Leadership(dataSource, properties.leaderCheck().toMillis(), meters.getIfAvailable());
    }
}
