package de.verbund.hub;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.MsearchRequest;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The module graph is the architecture (README "Modules"): every module of the hub, the modules it may use, and
 * the one rule that is not a dependency: only the search read side and the exchange's named look-up query the
 * report index. Each rule is also run against a deliberately broken fixture, to show that it can fail.
 */
class ModuleBoundaryTests {

    /** Module → root package. */
    static final Map<String, String> PACKAGES = Map.of(
            "problems", "de.verbund.problem..",
            "cluster", "de.verbund.cluster..",
            "access-control", "de.verbund.access..",
            "selectors", "de.verbund.selectors..",
            "audit", "de.verbund.audit..",
            "ingest", "de.verbund.ingest..",
            "search-api", "de.verbund.search..",
            "exchange", "de.verbund.exchange..",
            "web", "de.verbund.web..",
            "hub", "de.verbund.hub..");

    /** Module → the modules of ours it may use (besides itself). The Maven poms say the same. */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "problems", Set.of(),
            "cluster", Set.of(),
            "access-control", Set.of("problems", "cluster"),
            "selectors", Set.of(),
            "audit", Set.of("problems", "cluster", "access-control"),
            "ingest", Set.of("problems", "cluster", "access-control", "selectors", "audit"),
            "search-api", Set.of("problems", "cluster", "access-control", "selectors", "audit", "ingest"),
            "exchange", Set.of("problems", "cluster", "access-control", "selectors", "audit", "ingest"),
            // pages call the same services as the JSON controllers of every capability
            "web", Set.of("problems", "cluster", "access-control", "selectors", "audit", "ingest", "search-api", "exchange"),
            "hub", Set.copyOf(PACKAGES.keySet()));

    static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("de.verbund");

    static ArchRule onlyAllowedDependencies(String module) {
        String[] forbidden = PACKAGES.entrySet().stream()
                .filter(e -> !e.getKey().equals(module) && !ALLOWED.get(module).contains(e.getKey()))
                .map(Map.Entry::getValue).toArray(String[]::new);
        return noClasses().that().resideInAPackage(PACKAGES.get(module))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .as(module + " uses only " + ALLOWED.get(module));
    }

    /** Reads of the report index: {@code search}, {@code msearch} and {@code get} of the Elasticsearch client. */
    static final ArchRule ONLY_FILTERED_SEARCH_AND_NAMED_LOOKUP_READ_THE_INDEX = noClasses()
            .that().resideOutsideOfPackages("de.verbund.search.query..")
            .and().doNotHaveFullyQualifiedName("de.verbund.exchange.SelectorLookup")
            .should().callMethod(ElasticsearchClient.class, "search", SearchRequest.class, Class.class)
            .orShould().callMethod(ElasticsearchClient.class, "search", Function.class, Class.class)
            .orShould().callMethod(ElasticsearchClient.class, "msearch", Function.class, Class.class)
            .orShould().callMethod(ElasticsearchClient.class, "msearch", MsearchRequest.class, Class.class)
            .orShould().callMethod(ElasticsearchClient.class, "get", Function.class, Class.class)
            .as("only search.query (filtered) and exchange.SelectorLookup (the named unfiltered look-up) read the index");

    @TestFactory
    Stream<DynamicTest> everyModuleUsesOnlyTheModulesItMay() {
        assertThat(ALLOWED.keySet()).isEqualTo(PACKAGES.keySet());
        return PACKAGES.keySet().stream().sorted().map(module -> DynamicTest.dynamicTest(module,
                () -> onlyAllowedDependencies(module).check(PRODUCTION)));
    }

    @Test
    void onlyTheFilteredSearchAndTheNamedLookUpReadTheIndex() {
        ONLY_FILTERED_SEARCH_AND_NAMED_LOOKUP_READ_THE_INDEX.check(PRODUCTION);
    }

    @Test
    void everyClassOfTheHubBelongsToAModule() {
        Set<String> roots = Set.of("problem", "cluster", "access", "selectors", "audit", "ingest", "search", "exchange", "web",
                "hub");
        // on the hub's class path but not part of it: the client, the test support, the verifier, the plugin
        Set<String> others = Set.of("client", "testsupport", "auditverify", "analysis");
        assertThat(PRODUCTION.stream().map(c -> c.getPackageName().split("\\.")[2])
                .filter(root -> !others.contains(root)).distinct())
                .isNotEmpty().allMatch(roots::contains);
    }

    // ---- the rules can fail: fixtures in the test sources break them on purpose

    static final JavaClasses FIXTURES = new ClassFileImporter()
            .importPackages("de.verbund.access.archfixture", "de.verbund.audit.archfixture");

    @Test
    void accessControlUsingIngestThenBoundaryTestFails() {
        assertThatThrownBy(() -> onlyAllowedDependencies("access-control").check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("AccessControlReachingIntoIngest")
                .hasMessageContaining("de.verbund.ingest");
    }

    @Test
    void auditReadingTheIndexThenBoundaryTestFails() {
        assertThatThrownBy(() -> ONLY_FILTERED_SEARCH_AND_NAMED_LOOKUP_READ_THE_INDEX.check(FIXTURES))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("AuditReadingTheIndex");
    }
}
