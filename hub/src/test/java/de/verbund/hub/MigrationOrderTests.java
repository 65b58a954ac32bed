package de.verbund.hub;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each module owns its Flyway migrations under {@code db/migration/<module>/}; versions are unique across modules,
 * so Flyway runs them in one documented order (README "Migrations"), and the hub's configuration names every
 * module's folder.
 */
class MigrationOrderTests {

    static final Pattern NAME = Pattern.compile(".*/db/migration/([a-z-]+)/V(\\d+)__([a-z0-9_]+)\\.sql");

    /** The order of the README, version → module/description. */
    static final Map<Integer, String> DOCUMENTED = Map.ofEntries(
            Map.entry(1, "ingest/reports"),
            Map.entry(2, "audit/audit"),
            Map.entry(3, "ingest/normalised_reports"),
            Map.entry(4, "access/grants"),
            Map.entry(5, "audit/audit_merkle"),
            Map.entry(6, "ingest/vault_location"),
            Map.entry(7, "exchange/selector_exchange"),
            Map.entry(8, "ingest/selector_reextraction"),
            Map.entry(9, "access/usage_quotas"),
            Map.entry(10, "web/web_sessions"),
            Map.entry(11, "ingest/report_restriction"),
            Map.entry(12, "ingest/persons_concerned"),
            Map.entry(13, "ingest/sealed_content_and_erasure"),
            Map.entry(14, "access/grant_erasure"),
            Map.entry(15, "ingest/key_rotation"),
            Map.entry(16, "ingest/report_versions"),
            Map.entry(17, "ingest/lifecycle_notices"),
            Map.entry(18, "ingest/outbox_notify"),
            Map.entry(19, "audit/audit_transaction"));

    static Map<Integer, String> migrations() throws IOException {
        Map<Integer, String> byVersion = new TreeMap<>();
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/**/*.sql")) {
            Matcher m = NAME.matcher(r.getURL().toString());
            assertThat(m.matches()).as("migration %s lies in db/migration/<module>/V<n>__<name>.sql", r.getURL()).isTrue();
            String previous = byVersion.put(Integer.parseInt(m.group(2)), m.group(1) + "/" + m.group(3));
            assertThat(previous).as("version V%s is used twice", m.group(2)).isNull();
        }
        return byVersion;
    }

    @Test
    void versionsThenUniqueAcrossModulesAndInTheDocumentedOrder() throws IOException {
        assertThat(migrations()).isEqualTo(new TreeMap<>(DOCUMENTED));
    }

    @Test
    void everyModuleFolderThenConfiguredForFlyway() throws IOException {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties properties = yaml.getObject();
        List<String> locations = List.of(properties.getProperty("spring.flyway.locations").split(","));
        List<String> folders = migrations().values().stream().map(v -> "classpath:db/migration/" + v.split("/")[0])
                .distinct().toList();
        assertThat(locations).containsExactlyInAnyOrderElementsOf(folders);
    }

    @Test
    void noMigrationLeftInTheOldSharedFolder() throws IOException {
        for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:db/migration/*.sql")) {
            try (InputStream ignored = r.getInputStream()) {
                throw new AssertionError("migration outside a module folder: " + r.getURL());
            }
        }
    }
}
