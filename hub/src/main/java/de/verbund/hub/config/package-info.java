/** Connections of the hub to its services. */
@NullMarked
package de.verbund.hub.config;

import org.jspecify.annotations.NullMarked;
