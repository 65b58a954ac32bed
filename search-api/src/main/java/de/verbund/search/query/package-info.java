/**
 * The only read path to the report index: every query is wrapped with the need-to-know filter of
 * {@link de.verbund.access.policy.AccessFilter} inside Elasticsearch, so hits, totals and facets obey it.
 */
@NullMarked
package de.verbund.search.query;

import org.jspecify.annotations.NullMarked;
