/** The administrator's page: health of the services the hub depends on, counts only, never content. */
@NullMarked
package de.verbund.web.admin;

import org.jspecify.annotations.NullMarked;
