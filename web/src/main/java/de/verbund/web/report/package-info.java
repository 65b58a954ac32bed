/** The analyst's report page: markings, handling banner, text with the search words marked, selectors, related. */
@NullMarked
package de.verbund.web.report;

import org.jspecify.annotations.NullMarked;
