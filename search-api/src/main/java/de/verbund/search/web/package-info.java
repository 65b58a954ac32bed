/** The search and read endpoints of API v1; they speak HTTP and call {@code search.query} and {@code search.read}. */
@NullMarked
package de.verbund.search.web;

import org.jspecify.annotations.NullMarked;
