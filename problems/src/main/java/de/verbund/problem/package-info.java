/**
 * The problem types of Verbund's API (RFC 9457) as one enum, and {@link de.verbund.problem.Problem}, the exception a
 * module throws when a request ends in one of them. Only the hub turns them into HTTP answers.
 */
@NullMarked
package de.verbund.problem;

import org.jspecify.annotations.NullMarked;
