package de.verbund.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import de.verbund.access.subject.Subject;
import de.verbund.system.HubTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Records are committed in shared batches; a record the database refuses (here: a NUL character, which PostgreSQL
 * text cannot hold) must fail only its own request, never the requests whose records share its batch.
 */
@HubTest
class AuditGroupCommitTests {

    @Autowired
    AuditTrail trail;

    @Autowired
    JdbcTemplate jdbc;

    static final Subject ANALYST = Subject.fromClaims(Map.of("sub", "u-gc", "preferred_username", "analyst-nw",
            "authority", "LKA-NW", "clearance", "VS-VERTRAULICH", "mandates", List.of("CYBER"), "roles", List.of("analyst")));

    static AuditEvent search(String detail) {
        return AuditEvent.by(ANALYST, AuditAction.SEARCH).purpose(new Purpose("Abgleich", "NW-GC"))
                .rule("NEED_TO_KNOW_FILTER").detail(detail).outcome(AuditOutcome.OK);
    }

    @Test
    void poisonedRecordInABusyBatchThenFailsAloneAndTheOthersAreWritten() throws Exception {
        int honest = 60;
        ExecutorService pool = Executors.newFixedThreadPool(honest + 1);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<UUID>> others = new ArrayList<>();
            for (int i = 0; i < honest; i++) {
                int n = i;
                others.add(pool.submit(() -> {
                    start.await();
                    return trail.record(search("query=ehrlich " + n));
                }));
            }
            Future<UUID> poisoned = pool.submit(() -> {
                start.await();
                return trail.record(search("query=abc\u0000"));
            });
            start.countDown();

            assertThatThrownBy(() -> poisoned.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(AuditWriteFailed.class);
            List<String> ids = new ArrayList<>();
            for (Future<UUID> f : others) {
                ids.add(f.get(30, TimeUnit.SECONDS).toString());
            }
            assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE id::text = ANY (?)", Long.class,
                    (Object) ids.toArray(String[]::new))).isEqualTo(honest);
        } finally {
            pool.shutdownNow();
        }
    }
}
