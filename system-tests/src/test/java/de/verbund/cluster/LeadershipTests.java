package de.verbund.cluster;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import de.verbund.system.HubTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leader role among instances that share one PostgreSQL: the running hub and two more contenders (each on its own
 * database session, as separate instances would be). Exactly one leads; when the leader's session dies (as with
 * {@code kill -9} of its instance or a failover), another takes the role within a few checks, and the old leader
 * knows it lost it.
 */
@HubTest
class LeadershipTests {

    @Autowired
    Leadership hub;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void exactlyOneLeadsAndWhenItsSessionDiesAnotherTakesOver() throws Exception {
        awaitTrue(hub::isLeader, "the running hub leads alone");
        Leadership a = new Leadership(dataSource, 100, null);
        Leadership b = new Leadership(dataSource, 100, null);
        try {
            List<Leadership> all = List.of(hub, a, b);
            Thread.sleep(300);
            assertThat(all.stream().filter(Leadership::isLeader)).containsExactly(hub);
            assertThat(holders()).isEqualTo(1);

            terminateHolder(); // the hub's session dies: one of the others takes the role
            awaitTrue(() -> a.isLeader() || b.isLeader(), "another contender leads");
            awaitTrue(() -> !hub.isLeader(), "the old leader knows it lost the role");
            assertThat(all.stream().filter(Leadership::isLeader)).hasSize(1);
            assertThat(holders()).isEqualTo(1);

            Leadership second = a.isLeader() ? a : b;
            Leadership third = second == a ? b : a;
            second.close(); // a leader that shuts down hands over at the next check of the others
            awaitTrue(() -> third.isLeader() || hub.isLeader(), "the role passed on after a clean shutdown");
            Thread.sleep(300);
            assertThat(List.of(hub, third).stream().filter(Leadership::isLeader)).hasSize(1);
            assertThat(holders()).isEqualTo(1);
        } finally {
            a.close();
            b.close();
        }
        awaitTrue(hub::isLeader, "the running hub leads again once the others are gone");
    }

    private int holders() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) = ?""", Integer.class, Leadership.LOCK);
    }

    private void terminateHolder() {
        Integer pid = jdbc.queryForObject("""
                SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND ((classid::bigint << 32) | objid::bigint) = ?""", Integer.class, Leadership.LOCK);
        assertThat(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid)).isTrue();
    }

    static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
