/**
 * The analyst's selector check and access requests, and the approver's queue, decisions, grants and notifications:
 * pages over {@link de.verbund.exchange.SelectorCheck} and {@link de.verbund.exchange.AccessRequests}, the services
 * of the JSON API.
 */
@NullMarked
package de.verbund.web.exchange;

import org.jspecify.annotations.NullMarked;
