package de.verbund.exchange;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import de.verbund.access.quota.QuotaExceeded;
import de.verbund.access.quota.Quotas;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.Purpose;
import de.verbund.audit.AuditTrail;
import de.verbund.access.subject.Subject;
import de.verbund.problem.ProblemType;
import de.verbund.selectors.Selector;
import de.verbund.selectors.SelectorType;
import de.verbund.selectors.Selectors;
import de.verbund.exchange.SelectorLookup;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The selector check (docs/brief.md "Selector check"): each value is normalised exactly as at ingest
 * ({@link Selectors#normalise}), looked up in every live report, and answered per selector with no hit or with
 * (originator, opaque reference) pairs. A reference is random and bound to the asker; it stands for the
 * originator's live reports holding the selector at or below the asker's clearance at the time of the check, and
 * reveals neither content, title, labels nor how many reports stand behind it (they are resolved only when the
 * asker requests access, see {@link AccessRequests}). Reports above the
 * asker's clearance are withheld and their originator is notified instead. The check, each hit and each withheld
 * hit are audited before the answer leaves.
 */
@Service
public class SelectorCheck {

    public static final int MAX_SELECTORS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final java.util.concurrent.Executor WRITERS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private final SelectorLookup lookup;
    private final JdbcTemplate jdbc;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Quotas quotas;
    private final Clock clock = Clock.systemUTC();

    SelectorCheck(SelectorLookup lookup, JdbcTemplate jdbc, AuditTrail audit, TransactionTemplate tx, Quotas quotas) {
        this.lookup = lookup;
        this.jdbc = jdbc;
        this.audit = audit;
        this.tx = tx;
        this.quotas = quotas;
    }

    /** The rule of a check: hit/no-hit after the Prüm principle. */
    private static final String HIT_NO_HIT = "HIT_NO_HIT";

    /** One selector as the analyst typed it; defanged notations ({@code 198.51.100[.]23}) are accepted. */
    public record Input(@Nullable String type, @Nullable String value) {}

    public record Hit(String originator, String reference) {}

    /**
     * The answer for one input, in input order: the value as typed, its canonical form and the hits; or, for an
     * input that is not a selector, only its problem ({@code unknown-type}, {@code invalid-value}) — the value is
     * not echoed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int index, @Nullable String type, @Nullable String value, @Nullable String normalised,
                         boolean hit, List<Hit> hits, @Nullable String problem) {}

    /**
     * @param checked selectors that were checked
     * @param withHits of them, those with at least one hit
     * @param invalid inputs that are not selectors and were not checked; each has its problem in {@code results}
     */
    public record Answer(int checked, int withHits, int invalid, List<Result> results) {}

    /** An input after normalisation: a selector, or what is wrong with it. */
    private sealed interface Parsed {
        record Valid(Selector selector) implements Parsed {}

        record Invalid(String problem, @Nullable String type) implements Parsed {}
    }

    public Answer check(Subject subject, Purpose purpose, @Nullable List<Input> inputs)
            throws IOException {
        List<Parsed> parsed = validate(subject, purpose, inputs);
        List<String> keys = new ArrayList<>(new LinkedHashSet<>(parsed.stream()
                .flatMap(p -> p instanceof Parsed.Valid v ? java.util.stream.Stream.of(v.selector().key())
                        : java.util.stream.Stream.empty()).toList()));
        long invalid = parsed.stream().filter(p -> p instanceof Parsed.Invalid).count();
        if (!keys.isEmpty()) {
            try {
                quotas.consumeSelectors(subject, keys.size());
            } catch (QuotaExceeded e) {
                // nothing was looked up; the refusal is a consultation attempt oversight sees among the anomalies
                audit.record(AuditEvent.by(subject, AuditAction.SELECTOR_CHECK).purpose(purpose).rule("QUOTA")
                        .detail("selectors=" + keys.size()).outcome(AuditOutcome.QUOTA_EXCEEDED));
                throw e;
            }
        }
        Map<String, List<SelectorLookup.Occurrence>> found = lookup.find(keys, subject.clearance().level());

        Instant now = clock.instant();
        List<AuditEvent> events = new ArrayList<>();
        List<Object[]> references = new ArrayList<>();
        List<Object[]> notifications = new ArrayList<>();
        Map<String, List<Hit>> hitsByKey = new LinkedHashMap<>();
        int withheld = 0;
        for (String key : keys) {
            List<Hit> hits = new ArrayList<>();
            for (SelectorLookup.Occurrence o : found.getOrDefault(key, List.of())) {
                if (o.readableLevel()) {
                    String reference = newReference();
                    hits.add(new Hit(o.originator(), reference));
                    references.add(new Object[] {reference, key, o.originator(), subject.clearance().level(),
                            subject.userId(), subject.authority().code(), purpose.purpose(), purpose.caseReference(), Timestamp.from(now)});
                    events.add(AuditEvent.by(subject, AuditAction.SELECTOR_HIT).purpose(purpose).rule(HIT_NO_HIT)
                            .detail("selector=" + key + "; originator=" + o.originator() + "; reference=" + reference)
                            .outcome(AuditOutcome.HIT));
                }
                if (o.aboveClearance()) {
                    withheld++;
                    notifications.add(new Object[] {UUID.randomUUID(), o.originator(), key, subject.authority().code(),
                            purpose.purpose(), purpose.caseReference(), Timestamp.from(now)});
                    events.add(AuditEvent.by(subject, AuditAction.SELECTOR_HIT_WITHHELD).purpose(purpose)
                            .rule("CLEARANCE").detail("selector=" + key + "; originator " + o.originator() + " notified")
                            .recipient(o.originator()).outcome(AuditOutcome.WITHHELD));
                }
            }
            hitsByKey.put(key, hits);
        }
        int withHits = (int) hitsByKey.values().stream().filter(h -> !h.isEmpty()).count();
        events.addFirst(AuditEvent.by(subject, AuditAction.SELECTOR_CHECK).purpose(purpose).rule(HIT_NO_HIT)
                .detail("selectors=" + keys.size() + "; with hits=" + withHits + "; withheld=" + withheld
                        + (invalid > 0 ? "; invalid inputs=" + invalid : "") + "; checked=" + String.join(",", keys))
                .outcome(AuditOutcome.OK));
        // references and notifications commit in one transaction, while the audit records wait for their group commit
        CompletableFuture<Void> stored = references.isEmpty() && notifications.isEmpty() ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> tx.executeWithoutResult(status -> {
                    if (!references.isEmpty()) {
                        jdbc.batchUpdate("""
                                INSERT INTO selector_reference (reference, selector, originator, max_level, asker_id,
                                                                asker_authority, purpose, case_reference, created_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", references);
                    }
                    if (!notifications.isEmpty()) {
                        jdbc.batchUpdate("""
                                INSERT INTO originator_notification (id, originator, selector, asker_authority, purpose,
                                                                     case_reference, created_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?)""", notifications);
                    }
                }), WRITERS);
        audit.recordAll(events);
        try {
            stored.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }

        List<Result> results = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            switch (parsed.get(i)) {
                case Parsed.Valid v -> {
                    List<Hit> hits = hitsByKey.getOrDefault(v.selector().key(), List.of());
                    results.add(new Result(i, v.selector().type().wireName(), inputs.get(i).value(), v.selector().value(),
                            !hits.isEmpty(), hits, null));
                }
                case Parsed.Invalid x -> results.add(new Result(i, x.type(), null, null, false, List.of(), x.problem()));
            }
        }
        int checked = (int) results.stream().filter(r -> r.problem() == null).count();
        return new Answer(checked, (int) results.stream().filter(Result::hit).count(), (int) invalid, results);
    }

    /**
     * Normalises every input; an input that is not a selector becomes its own error entry while the others are
     * checked. Only a request without selectors or with too many is refused as a whole.
     */
    private List<Parsed> validate(Subject subject, Purpose purpose, @Nullable List<Input> inputs) {
        String problem = null;
        if (inputs == null || inputs.isEmpty()) {
            problem = "'selectors' must hold at least one selector.";
        } else if (inputs.size() > MAX_SELECTORS) {
            problem = "At most " + MAX_SELECTORS + " selectors per check.";
        }
        if (problem != null) {
            audit.record(AuditEvent.by(subject, AuditAction.SELECTOR_CHECK).purpose(purpose).rule("INPUT")
                    .detail(problem).outcome(AuditOutcome.REJECTED));
            throw new ExchangeRejected(ProblemType.INVALID_SELECTORS, problem);
        }
        List<Parsed> parsed = new ArrayList<>(inputs.size());
        for (Input in : inputs) {
            Optional<SelectorType> type = in == null || in.type() == null ? Optional.empty() : SelectorType.parse(in.type());
            if (type.isEmpty()) {
                parsed.add(new Parsed.Invalid("unknown-type", null));
                continue;
            }
            Optional<Selector> s = in.value() == null ? Optional.empty() : Selectors.normalise(type.get(), in.value());
            parsed.add(s.<Parsed>map(Parsed.Valid::new).orElseGet(() -> new Parsed.Invalid("invalid-value", type.get().wireName())));
        }
        return parsed;
    }

    /** 128 random bits, URL-safe; carries no information about the report, originator or selector. */
    static String newReference() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "ref_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
