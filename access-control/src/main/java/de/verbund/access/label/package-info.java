/** The labels every report carries (docs/brief.md "Labels", § 14 BKAG): unlabelled data is not processed. */
@NullMarked
package de.verbund.access.label;

import org.jspecify.annotations.NullMarked;
