/** Grants that open one report to one user or one authority until a date; revocation works on the next request. */
@NullMarked
package de.verbund.access.grant;

import org.jspecify.annotations.NullMarked;
