package de.verbund.ingest.web;

import java.util.List;

import de.verbund.access.subject.Subject;
import de.verbund.ingest.lifecycle.KeyRotations;
import de.verbund.ingest.lifecycle.PackCompaction;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Key rotation for admins: {@code POST /api/v1/admin/keys/{authority}/rotation} starts one (a new key version; the
 * data keys are re-wrapped in the background), {@code GET /api/v1/admin/keys/rotations} shows the progress, and
 * {@code POST /api/v1/admin/keys/{authority}/destruction} destroys the older versions once nothing uses them;
 * {@code POST /api/v1/admin/vault/compaction} reclaims the vault space of erased originals now.
 * Speaks HTTP only: the steps and the audit are in {@code ingest.lifecycle}.
 */
@RestController
class KeyRotationController {

    private final KeyRotations rotations;
    private final PackCompaction compaction;

    KeyRotationController(KeyRotations rotations, PackCompaction compaction) {
        this.rotations = rotations;
        this.compaction = compaction;
    }

    @PostMapping("/api/v1/admin/keys/{authority}/rotation")
    KeyRotations.Rotation rotate(@PathVariable String authority, @AuthenticationPrincipal Subject subject) {
        return rotations.start(subject, authority);
    }

    @GetMapping("/api/v1/admin/keys/rotations")
    List<KeyRotations.Rotation> list(@AuthenticationPrincipal Subject subject) {
        return rotations.list(subject);
    }

    /** Reclaims the vault space of erased originals now (packs quiet for {@code verbund.lifecycle.compaction-quiet}). */
    @PostMapping("/api/v1/admin/vault/compaction")
    PackCompaction.Compacted compact(@AuthenticationPrincipal Subject subject) {
        return compaction.compactNow(subject);
    }

    @PostMapping("/api/v1/admin/keys/{authority}/destruction")
    KeyRotations.Rotation destroy(@PathVariable String authority, @AuthenticationPrincipal Subject subject) {
        return rotations.destroyOlderVersions(subject, authority);
    }
}
