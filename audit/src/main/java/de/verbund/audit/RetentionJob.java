package de.verbund.audit;


import de.verbund.cluster.Leadership;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes audit records past their retention (end of the year after creation) once a day, on the leader instance only;
 * leaf hashes stay.
 */
@Component
class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final AuditLog audit;
    private final Leadership leadership;

    RetentionJob(AuditLog audit, Leadership leadership) {
        this.audit = audit;
        this.leadership = leadership;
    }

    @Scheduled(cron = "${verbund.audit.retention-cron:0 30 2 * * *}", zone = "Europe/Berlin")
    void purge() {
        if (!leadership.isLeader()) {
            return;
        }
        long removed = audit.purgeExpired();
        if (removed > 0) {
            log.info("audit retention: {} records past the end of the year after their creation deleted", removed);
        }
    }
}
