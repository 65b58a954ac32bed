package de.verbund.access.quota;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import de.verbund.access.subject.Subject;
import de.verbund.cluster.Leadership;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts what a user consumes and refuses what goes beyond the limits of the user's authority. Windows are fixed
 * (minute, hour, day in UTC); a refused request consumes nothing, so a user who waits for {@code Retry-After} gets
 * the whole next window. Counting is one atomic statement per window in PostgreSQL: several hub nodes share the
 * counters and two concurrent requests cannot both take the last unit.
 */
@Service
public class Quotas {

    /** What is counted. The name is stored; never rename a constant. */
    public enum Kind { SELECTORS_HOUR, SELECTORS_DAY, SEARCHES_MINUTE }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final QuotaProperties properties;
    private final Clock clock;
    private final Leadership leadership;

    Quotas(JdbcTemplate jdbc, TransactionTemplate tx, QuotaProperties properties, Leadership leadership) {
        this.leadership = leadership;
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /**
     * Takes {@code count} selectors from the user's hourly and daily allowance, or none.
     *
     * @throws QuotaExceeded when either allowance has less left
     */
    public void consumeSelectors(Subject subject, int count) {
        QuotaProperties.Limits limits = properties.of(subject.authority());
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            take(subject, Kind.SELECTORS_HOUR, count, limits.selectorsPerHour(), now.truncatedTo(ChronoUnit.HOURS),
                    Duration.ofHours(1), now, "selectors per hour");
            take(subject, Kind.SELECTORS_DAY, count, limits.selectorsPerDay(), now.truncatedTo(ChronoUnit.DAYS),
                    Duration.ofDays(1), now, "selectors per day");
        });
    }

    /**
     * Takes one search from the user's allowance per minute.
     *
     * @throws QuotaExceeded when it is used up
     */
    public void consumeSearch(Subject subject) {
        QuotaProperties.Limits limits = properties.of(subject.authority());
        Instant now = clock.instant();
        take(subject, Kind.SEARCHES_MINUTE, 1, limits.searchesPerMinute(), now.truncatedTo(ChronoUnit.MINUTES),
                Duration.ofMinutes(1), now, "searches per minute");
    }

    private void take(Subject subject, Kind kind, int count, long limit, Instant windowStart, Duration window,
                      Instant now, String what) {
        if (limit == 0) {
            return;
        }
        long retryAfter = Math.max(1, Duration.between(now, windowStart.plus(window)).toSeconds());
        if (count > limit) {
            throw new QuotaExceeded("At most " + limit + " " + what + "; this request holds " + count + ".", retryAfter);
        }
        // insert the window, or add to it only while the sum stays within the limit; no row back means refused
        List<Long> used = jdbc.queryForList("""
                INSERT INTO usage_counter (user_id, kind, window_start, used) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, kind, window_start)
                DO UPDATE SET used = usage_counter.used + EXCLUDED.used WHERE usage_counter.used + EXCLUDED.used <= ?
                RETURNING used""", Long.class, subject.userId(), kind.name(), Timestamp.from(windowStart), count, limit);
        if (used.isEmpty()) {
            throw new QuotaExceeded("The limit of " + limit + " " + what + " is used up; try again in " + retryAfter
                    + " s.", retryAfter);
        }
    }

    /** Windows older than two days are of no use any more. */
    @Scheduled(fixedDelayString = "${verbund.quotas.cleanup-ms:3600000}", initialDelayString = "${verbund.quotas.cleanup-ms:3600000}")
    void deleteOldWindows() {
        if (!leadership.isLeader()) {
            return;
        }
        jdbc.update("DELETE FROM usage_counter WHERE window_start < ?",
                Timestamp.from(clock.instant().minus(Duration.ofDays(2))));
    }
}
