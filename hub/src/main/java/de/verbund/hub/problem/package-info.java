/** RFC 9457 problem details at the web edge, from the problem types of {@code de.verbund.problem}. */
@NullMarked
package de.verbund.hub.problem;

import org.jspecify.annotations.NullMarked;
