package de.verbund.ingest.submit;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/** When a failed submission must keep its originals: whenever the database may have committed anyway. */
class CommitInDoubtTests {

    @Test
    void connectionLostOrServerShutDownOrCommitFailedThenInDoubt() {
        assertThat(ReportSubmissions.commitInDoubt(new DataAccessResourceFailureException("x",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(ReportSubmissions.commitInDoubt(new DataAccessResourceFailureException("x",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(ReportSubmissions.commitInDoubt(new TransactionSystemException("Could not commit JDBC transaction"))).isTrue();
    }

    @Test
    void refusedStatementOrFailureBeforeTheDatabaseThenDefinitelyNotCommitted() {
        assertThat(ReportSubmissions.commitInDoubt(new DuplicateKeyException("dup",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(ReportSubmissions.commitInDoubt(new IllegalStateException("vault full"))).isFalse();
    }
}
