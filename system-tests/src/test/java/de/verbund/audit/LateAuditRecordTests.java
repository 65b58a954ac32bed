package de.verbund.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

import javax.sql.DataSource;

import de.verbund.system.HubTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A record whose transaction commits long after later records were added to the Merkle tree still gets its leaf at
 * the next checkpoint run: the checkpointer searches the records of the transactions still running when it last
 * looked (V19), not the trail's tail past the newest leaf. Here 30,000 sequence numbers are drawn while the record's
 * transaction is open (as by a busy hub), more than the tail the checkpointer used to search.
 */
@HubTest
class LateAuditRecordTests {

    @Autowired
    AuditTrail trail;

    @Autowired
    Checkpointer checkpointer;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRecordCommittedAfterManyLaterOnesThenGetsItsLeafAtTheNextRun() throws Exception {
        UUID late = UUID.randomUUID();
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            try (PreparedStatement insert = open.prepareStatement("""
                    INSERT INTO audit_event (id, at, actor_id, actor_name, actor_authority, actor_roles, action, purpose,
                                             case_reference, reports, outcome, rule, detail)
                    VALUES (?, now(), 'u-late', 'analyst-nw', 'LKA-NW', '{analyst}', 'SEARCH', 'Abgleich', 'NW-SPAET',
                            '{}', 'OK', 'NEED_TO_KNOW_FILTER', 'query=spaet')""")) {
                insert.setObject(1, late);
                insert.executeUpdate();
            }
            jdbc.queryForObject("SELECT max(nextval('audit_event_seq_seq')) FROM generate_series(1, 30000)", Long.class);
            UUID later = trail.record(AuditGroupCommitTests.search("query=spaeter"));
            checkpointer.appendAndMaybeCheckpoint(true);
            assertThat(leaves(later)).as("the later record is in the tree").isEqualTo(1);
            assertThat(leaves(late)).isZero();
            open.commit();
        }
        checkpointer.appendAndMaybeCheckpoint(true);
        assertThat(leaves(late)).as("the late record is in the tree after the next run").isEqualTo(1);
    }

    private long leaves(UUID event) {
        return jdbc.queryForObject("SELECT count(*) FROM audit_leaf WHERE event_id = ?", Long.class, event);
    }
}
