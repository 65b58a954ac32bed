/** The hub application: wiring of access control, ingest and the search API into one Spring Boot service. */
@NullMarked
package de.verbund.hub;

import org.jspecify.annotations.NullMarked;
