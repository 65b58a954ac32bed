package de.verbund.system;

import java.io.StringReader;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.Collection;
import de.verbund.access.label.Disclosure;
import de.verbund.access.label.HandlingCode;
import de.verbund.access.label.Labels;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.policy.AccessFilter;
import de.verbund.access.policy.NeedToKnow;
import de.verbund.access.policy.ReportAccessView;
import de.verbund.access.policy.ReportFields;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.index.ReportIndex;
import de.verbund.testsupport.ServiceEndpoints;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pure rule ({@link NeedToKnow}) and its Elasticsearch translation ({@link AccessFilter}) must agree: random
 * reports are indexed into a real Elasticsearch, random subjects with random grants query it with the filter, and
 * the returned set must equal what the pure function allows, for every pair.
 */
@ExtendWith(VerbundServices.class)
class DifferentialPolicyTests {

    static final int REPORTS = 3000;
    static final int SUBJECTS = 400;
    static final long SEED = 20261128L;

    @Test
    void filterInElasticsearchReturnsExactlyWhatThePureRuleAllows() throws Exception {
        ServiceEndpoints e = VerbundServices.endpoints();
        ElasticsearchClient client = ElasticsearchClient.of(b -> b.host(e.esUrl()).usernameAndPassword(e.esAdminUser(), e.esAdminPassword()));
        String index = "verbund-test-differential-" + UUID.randomUUID();
        Random random = new Random(SEED);
        List<String> police = new ArrayList<>(Authority.policeCodes());
        try {
            client.indices().create(c -> c.index(index).settings(s -> s.withJson(new StringReader(ReportIndex.SETTINGS)))
                    .mappings(m -> m.withJson(new StringReader(ReportIndex.MAPPING))));
            List<ReportAccessView> reports = new ArrayList<>();
            List<BulkOperation> operations = new ArrayList<>();
            for (int i = 0; i < REPORTS; i++) {
                ReportAccessView report = new ReportAccessView(ReportId.random(), randomLabels(random, police),
                        random.nextInt(20) == 0, random.nextInt(10) == 0);
                reports.add(report);
                if (!report.erased()) {
                    Map<String, Object> doc = document(report);
                    operations.add(BulkOperation.of(op -> op.index(x -> x.index(index).id(report.id().toString()).document(doc))));
                }
            }
            var bulk = client.bulk(bb -> bb.operations(operations));
            assertThat(bulk.errors()).isFalse();
            client.indices().refresh(r -> r.index(index));

            long pairs = 0;
            long mismatches = 0;
            long visible = 0;
            List<String> examples = new ArrayList<>();
            for (int s = 0; s < SUBJECTS; s++) {
                Subject subject = randomSubject(random, police, s);
                Set<ReportId> granted = new HashSet<>();
                int grants = random.nextInt(6);
                for (int g = 0; g < grants; g++) {
                    granted.add(reports.get(random.nextInt(reports.size())).id());
                }
                Set<String> expected = new TreeSet<>();
                for (ReportAccessView report : reports) {
                    if (NeedToKnow.decide(subject, report, granted).granted()) {
                        expected.add(report.id().toString());
                    }
                }
                var response = client.search(q -> q.index(index).size(10_000).source(src -> src.fetch(false))
                        .trackTotalHits(t -> t.enabled(true))
                        .query(AccessFilter.forSubject(subject, granted)), Void.class);
                Set<String> actual = new TreeSet<>();
                response.hits().hits().forEach(h -> actual.add(h.id()));
                assertThat(response.hits().total().value()).isEqualTo(actual.size());
                pairs += reports.size();
                visible += expected.size();
                if (!expected.equals(actual)) {
                    Set<String> diff = new TreeSet<>(expected);
                    diff.removeAll(actual);
                    Set<String> extra = new TreeSet<>(actual);
                    extra.removeAll(expected);
                    mismatches += diff.size() + extra.size();
                    if (examples.size() < 5) {
                        examples.add(subject + " missing " + diff.size() + " extra " + extra.size());
                    }
                }
            }
            System.out.printf("[differential] %d subjects × %d reports = %d pairs checked, %d readable, %d mismatches%n",
                    SUBJECTS, REPORTS, pairs, visible, mismatches);
            assertThat(visible).as("the generator must produce readable pairs").isGreaterThan(pairs / 50);
            assertThat(mismatches).as(String.join("\n", examples)).isZero();
        } finally {
            client.indices().delete(d -> d.index(index));
            client.close();
        }
    }

    static Labels randomLabels(Random random, List<String> police) {
        String originator = police.get(random.nextInt(police.size()));
        TreeSet<String> releasable = new TreeSet<>();
        if (random.nextInt(3) == 0) {
            releasable.add(Labels.ALL);
        } else {
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                releasable.add(police.get(random.nextInt(police.size())));
            }
        }
        HandlingCode handling = HandlingCode.values()[random.nextInt(4)];
        return new Labels(new Authority(originator), "AZ-" + random.nextInt(1000), "Titel", 
                PhenomenonArea.values()[random.nextInt(PhenomenonArea.values().length)],
                Classification.values()[random.nextInt(4)], releasable, handling,
                handling == HandlingCode.H3 ? "nur mit Zustimmung" : null,
                random.nextInt(3) == 0 ? Disclosure.HIT_ONLY : Disclosure.FULL,
                random.nextBoolean() ? Collection.OPEN : Collection.COVERT, LocalDate.now().plusYears(1));
    }

    static Subject randomSubject(Random random, List<String> police, int n) {
        Set<PhenomenonArea> mandates = EnumSet.noneOf(PhenomenonArea.class);
        for (PhenomenonArea area : PhenomenonArea.values()) {
            if (random.nextInt(3) == 0) {
                mandates.add(area);
            }
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (random.nextInt(10) != 0) {
            roles.add(Role.ANALYST);
        }
        if (random.nextInt(4) == 0 || roles.isEmpty()) {
            roles.add(Role.values()[random.nextInt(Role.values().length)]);
        }
        Classification clearance = Classification.values()[1 + random.nextInt(3)];
        return new Subject("user-" + n, "user-" + n, new Authority(police.get(random.nextInt(police.size()))), clearance,
                mandates, roles);
    }

    static Map<String, Object> document(ReportAccessView report) {
        Labels l = report.labels();
        Map<String, Object> doc = new HashMap<>();
        doc.put(ReportFields.ID, report.id().toString());
        doc.put(ReportFields.ORIGINATOR, l.originator().code());
        doc.put(ReportFields.TITLE, l.title());
        doc.put(ReportFields.TEXT, "Text");
        doc.put(ReportFields.PHENOMENON_AREA, l.phenomenonArea().name());
        doc.put(ReportFields.CLASSIFICATION, l.classification().label());
        doc.put(ReportFields.CLASSIFICATION_LEVEL, l.classification().level());
        doc.put(ReportFields.RELEASABLE_TO, List.copyOf(l.releasableTo()));
        doc.put(ReportFields.HANDLING_CODE, l.handlingCode().name());
        doc.put(ReportFields.DISCLOSURE, l.disclosure().name());
        doc.put(ReportFields.COLLECTION, l.collection().name());
        doc.put(ReportFields.REVIEW_BY, l.reviewBy().toString());
        doc.put(ReportFields.SUBMITTED_AT, "2026-11-01T00:00:00Z");
        doc.put(ReportFields.RESTRICTED, report.restricted());
        return doc;
    }
}
