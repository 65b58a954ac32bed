/**
 * Re-extraction of the selectors of stored reports after the extractor improved, so that selector checks find
 * what the hub already holds (a false "no hit" is the worst answer of a check).
 */
@NullMarked
package de.verbund.ingest.reextract;

import org.jspecify.annotations.NullMarked;
