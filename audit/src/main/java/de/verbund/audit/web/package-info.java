/** The oversight API: data-protection officers read and verify the audit trail; content stays hidden from them. */
@NullMarked
package de.verbund.audit.web;

import org.jspecify.annotations.NullMarked;
