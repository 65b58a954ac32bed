package de.verbund.access.policy;

import java.util.List;
import java.util.Set;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import de.verbund.access.label.Disclosure;
import de.verbund.access.label.Labels;
import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;

/**
 * The need-to-know rule ({@link NeedToKnow}) compiled into an Elasticsearch filter, to sit inside every query
 * on the report index, never after it (so that totals, facets and highlights obey it). Fails closed: a subject
 * without role analyst, or without any readable branch, gets {@code match_none}. Erased reports are removed
 * from the index, so clause 6 holds by absence for them; restricted ones stay and are kept out by requiring
 * {@code restricted: false} (a document without the field is not readable: fail closed).
 */
public final class AccessFilter {

    private AccessFilter() {
    }

    public static Query forSubject(Subject subject, Set<ReportId> grantedReports) {
        if (!subject.has(Role.ANALYST)) {
            return matchNone();
        }
        String own = subject.authority().code();
        Query clearance = Query.of(q -> q.range(r -> r.number(n -> n
                .field(ReportFields.CLASSIFICATION_LEVEL).lte((double) subject.clearance().level()))));

        Query ownReport = term(ReportFields.ORIGINATOR, own);
        // 3. mandate
        List<FieldValue> mandates = subject.mandates().stream().map(m -> FieldValue.of(m.name())).toList();
        Query mandate = mandates.isEmpty() ? matchNone()
                : Query.of(q -> q.terms(t -> t.field(ReportFields.PHENOMENON_AREA).terms(v -> v.value(mandates))));
        // 4. releasability
        Query releasable = Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(ownReport)
                .should(Query.of(t -> t.terms(ts -> ts.field(ReportFields.RELEASABLE_TO)
                        .terms(v -> v.value(List.of(FieldValue.of(Labels.ALL), FieldValue.of(own)))))))));
        // 5. disclosure
        Query disclosure = Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
                .should(term(ReportFields.DISCLOSURE, Disclosure.FULL.name()))
                .should(ownReport)));
        Query withoutGrant = Query.of(q -> q.bool(b -> b.filter(mandate).filter(releasable).filter(disclosure)));

        Query clauses3to5;
        if (grantedReports.isEmpty()) {
            clauses3to5 = withoutGrant;
        } else {
            List<String> ids = grantedReports.stream().map(ReportId::toString).sorted().toList();
            Query granted = Query.of(q -> q.ids(i -> i.values(ids)));
            clauses3to5 = Query.of(q -> q.bool(b -> b.minimumShouldMatch("1").should(withoutGrant).should(granted)));
        }
        Query notRestricted = Query.of(q -> q.term(t -> t.field(ReportFields.RESTRICTED).value(false)));
        return Query.of(q -> q.bool(b -> b.filter(clearance).filter(notRestricted).filter(clauses3to5)));
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static Query matchNone() {
        return Query.of(q -> q.matchNone(m -> m));
    }
}
