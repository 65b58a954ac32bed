/**
 * The hub application: assembles the capability modules (access control, audit, ingest, search, exchange) into one
 * Spring Boot service, with its settings ({@link de.verbund.hub.HubProperties}) and commands. Nothing a user asks
 * for is decided here.
 */
@NullMarked
package de.verbund.hub;

import org.jspecify.annotations.NullMarked;
