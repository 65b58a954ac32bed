package de.verbund.hub;

import de.verbund.ingest.index.IndexRebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * At start, rebuilds the derived index when its mapping is outdated. With {@code --verbund.command=rebuild-index}
 * the hub rebuilds the whole index from PostgreSQL and exits (deploy/local/rebuild-index.sh).
 */
@Component
class IndexStartup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(IndexStartup.class);

    private final IndexRebuild rebuild;
    private final ConfigurableApplicationContext context;

    IndexStartup(IndexRebuild rebuild, ConfigurableApplicationContext context) {
        this.rebuild = rebuild;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (args.getOptionValues("verbund.command") != null && args.getOptionValues("verbund.command").contains("rebuild-index")) {
            int count = rebuild.rebuild();
            System.out.println("rebuilt the report index: " + count + " reports");
            System.exit(SpringApplication.exit(context, () -> 0));
            return;
        }
        try {
            rebuild.rebuildIfOutdated();
        } catch (java.io.IOException | RuntimeException e) {
            log.warn("index check at start failed (Elasticsearch down?); the outbox keeps submissions pending: {}", e.toString());
        }
    }
}
