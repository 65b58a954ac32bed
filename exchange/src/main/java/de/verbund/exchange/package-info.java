/**
 * The faster exchange between authorities without oversharing: the selector check (hit/no-hit after the Prüm
 * principle), opaque references, notifications to originators, and access requests that approvers turn into grants.
 */
@NullMarked
package de.verbund.exchange;

import org.jspecify.annotations.NullMarked;
