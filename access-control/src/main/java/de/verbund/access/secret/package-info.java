/** Files holding key material: written atomically and readable by the owner only. */
@NullMarked
package de.verbund.access.secret;

import org.jspecify.annotations.NullMarked;
