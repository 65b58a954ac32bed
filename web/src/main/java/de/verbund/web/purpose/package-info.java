/** Purpose binding of a browser session: the analyst's file number (Aktenzeichen) and purpose, kept in the session. */
@NullMarked
package de.verbund.web.purpose;

import org.jspecify.annotations.NullMarked;
