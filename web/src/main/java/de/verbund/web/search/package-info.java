/** The analyst's search page: the hub's query language, facets, highlighted snippets, sort and paging. */
@NullMarked
package de.verbund.web.search;

import org.jspecify.annotations.NullMarked;
