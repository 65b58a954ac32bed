/** Web wiring shared by every module's controllers: the purpose of a GET from its parameters or headers. */
@NullMarked
package de.verbund.hub.web;

import org.jspecify.annotations.NullMarked;
