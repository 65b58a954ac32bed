package de.verbund.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module graph is the architecture: access-control depends on nothing of ours; ingest and search-api depend
 * on it; ingest never on search-api. Reads of the report index go through the one access-filtered path.
 */
class ModuleBoundaryTests {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("de.verbund");

    @Test
    void accessControlDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("de.verbund.access..")
                .should().dependOnClassesThat().resideInAnyPackage("de.verbund.ingest..", "de.verbund.search..", "de.verbund.hub..")
                .check(CLASSES);
    }

    @Test
    void ingestNeverDependsOnSearchApi() {
        noClasses().that().resideInAPackage("de.verbund.ingest..")
                .should().dependOnClassesThat().resideInAnyPackage("de.verbund.search..", "de.verbund.hub..")
                .check(CLASSES);
    }

    @Test
    void onlyTheAccessFilteredSearchReadsTheIndex() {
        noClasses().that().resideOutsideOfPackages("de.verbund.search.query..")
                .should().callMethod(co.elastic.clients.elasticsearch.ElasticsearchClient.class, "search",
                        co.elastic.clients.elasticsearch.core.SearchRequest.class, Class.class)
                .orShould().callMethod(co.elastic.clients.elasticsearch.ElasticsearchClient.class, "search",
                        java.util.function.Function.class, Class.class)
                .orShould().callMethod(co.elastic.clients.elasticsearch.ElasticsearchClient.class, "msearch",
                        java.util.function.Function.class, Class.class)
                .orShould().callMethod(co.elastic.clients.elasticsearch.ElasticsearchClient.class, "msearch",
                        co.elastic.clients.elasticsearch.core.MsearchRequest.class, Class.class)
                .orShould().callMethod(co.elastic.clients.elasticsearch.ElasticsearchClient.class, "get",
                        java.util.function.Function.class, Class.class)
                .check(CLASSES);
    }
}
