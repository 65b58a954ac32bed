/** What every page shares: the signed-in user, the purpose in the header, the menu of the user's roles, the language. */
@NullMarked
package de.verbund.web.layout;

import org.jspecify.annotations.NullMarked;
