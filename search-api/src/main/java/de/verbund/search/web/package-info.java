/** The HTTP API v1 of the hub: submission, search and reads, with purpose binding and audit. */
@NullMarked
package de.verbund.search.web;

import org.jspecify.annotations.NullMarked;
