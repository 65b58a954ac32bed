package de.verbund.hub;

import java.io.IOException;
import java.util.List;

import de.verbund.ingest.index.IndexRebuild;
import de.verbund.ingest.reextract.SelectorReextraction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * What the hub does at start: rebuilds the derived index when its mapping is outdated. With an operator's command
 * it does that one thing and exits:
 * <ul>
 *   <li>{@code --verbund.command=rebuild-index}: the whole index from PostgreSQL (deploy/local/rebuild-index.sh);</li>
 *   <li>{@code --verbund.command=reextract-selectors}: the selectors of every stored report with the current
 *       extractor, resumable, with progress (deploy/local/reextract-selectors.sh).</li>
 * </ul>
 */
@Component
class HubCommands implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(HubCommands.class);

    private final IndexRebuild rebuild;
    private final SelectorReextraction reextraction;
    private final ConfigurableApplicationContext context;

    HubCommands(IndexRebuild rebuild, SelectorReextraction reextraction, ConfigurableApplicationContext context) {
        this.rebuild = rebuild;
        this.reextraction = reextraction;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        List<String> command = args.getOptionValues("verbund.command");
        if (command != null && command.contains("rebuild-index")) {
            int count = rebuild.rebuild();
            System.out.println("rebuilt the report index: " + count + " reports");
            exit(0);
            return;
        }
        if (command != null && command.contains("reextract-selectors")) {
            SelectorReextraction.Progress done = reextraction.run(p -> System.out.printf(
                    "re-extracting selectors: %d of %d reports examined, %d changed%n", p.examined(), p.total(), p.changed()));
            System.out.println("selector re-extraction finished: " + done.examined() + " reports examined, "
                    + done.changed() + " changed; the index follows through the outbox");
            exit(0);
            return;
        }
        if (command != null) {
            System.err.println("unknown command " + command + "; known: rebuild-index, reextract-selectors");
            exit(2);
            return;
        }
        try {
            rebuild.rebuildIfOutdated();
        } catch (IOException | RuntimeException e) {
            log.warn("index check at start failed (Elasticsearch down?); the outbox keeps submissions pending: {}", e.toString());
        }
    }

    private void exit(int code) {
        System.exit(SpringApplication.exit(context, () -> code));
    }
}
