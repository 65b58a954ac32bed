package de.verbund.system;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import de.verbund.hub.VerbundApplication;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole hub on a random port against the real Elasticsearch, PostgreSQL and Keycloak. The services are
 * located before the Spring context starts; when they are missing the test fails.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(VerbundServices.class)
@SpringBootTest(classes = VerbundApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "verbund.index.outbox-poll=100ms",
                "verbund.ingest.max-file-bytes=5000000", "verbund.extract.warm-up-parses=20",
                // QuotaTests: small limits for LKA-SL, an authority no demo user belongs to
                "verbund.quotas.authorities.LKA-SL.selectors-per-hour=10",
                "verbund.quotas.authorities.LKA-SL.selectors-per-day=15",
                "verbund.quotas.authorities.LKA-SL.searches-per-minute=3"})
public @interface HubTest {
}
