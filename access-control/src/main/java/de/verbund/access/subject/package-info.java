/** The subject of an access decision, built only from a validated access token. */
@NullMarked
package de.verbund.access.subject;

import org.jspecify.annotations.NullMarked;
