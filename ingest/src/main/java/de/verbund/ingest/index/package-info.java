/** The report index in Elasticsearch: mapping, and indexing from the PostgreSQL outbox. Derived, rebuildable. */
@NullMarked
package de.verbund.ingest.index;

import org.jspecify.annotations.NullMarked;
