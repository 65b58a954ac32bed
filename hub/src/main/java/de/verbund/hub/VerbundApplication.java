package de.verbund.hub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Verbund hub: one stateless node; PostgreSQL, Elasticsearch and Keycloak are its services. */
@SpringBootApplication(scanBasePackages = "de.verbund")
@ConfigurationPropertiesScan("de.verbund")
@EnableScheduling
public class VerbundApplication {

    public static void main(String[] args) {
        SpringApplication.run(VerbundApplication.class, args);
    }
}
