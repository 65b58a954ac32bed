package de.verbund.audit;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes audit records past their retention (end of the year after creation) once a day; leaf hashes stay. */
@Component
class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final AuditLog audit;

    RetentionJob(AuditLog audit) {
        this.audit = audit;
    }

    @Scheduled(cron = "${verbund.audit.retention-cron:0 30 2 * * *}", zone = "Europe/Berlin")
    void purge() {
        long removed = audit.purgeExpired();
        if (removed > 0) {
            log.info("audit retention: {} records past the end of the year after their creation deleted", removed);
        }
    }
}
