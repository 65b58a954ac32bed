/**
 * The Java client of the hub's API v1, used by the command-line tools, the benchmarks and the system tests: tokens
 * from the identity provider ({@link de.verbund.client.TokenSource}), multipart submission, search, selector checks
 * and plain JSON calls ({@link de.verbund.client.VerbundClient}). Depends on nothing of ours.
 */
@NullMarked
package de.verbund.client;

import org.jspecify.annotations.NullMarked;
