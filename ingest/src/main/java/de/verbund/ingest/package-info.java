/**
 * The ingest pipeline and what happens to a stored report: stage → extract (isolated Tika) → normalise → selectors
 * → encrypt → vault → row and outbox → index; index rebuild and selector re-extraction. Settings in
 * {@link de.verbund.ingest.IngestProperties}.
 */
@NullMarked
package de.verbund.ingest;

import org.jspecify.annotations.NullMarked;
