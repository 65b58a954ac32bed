/**
 * The read path to the report index: every query is wrapped with the need-to-know filter of
 * {@link de.verbund.access.policy.AccessFilter} inside Elasticsearch, so hits, totals and facets obey it. The one
 * other reader is the selector check's look-up ({@code exchange.SelectorLookup}), which answers hit/no-hit only;
 * {@code ModuleBoundaryTests} allows no third.
 */
@NullMarked
package de.verbund.search.query;

import org.jspecify.annotations.NullMarked;
