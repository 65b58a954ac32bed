/**
 * Token validation (signature, issuer, audience, lifetime, subject claims) and the role checks at the edge.
 * Security errors are RFC 9457 problem details with the standard status codes (RFC 6750).
 */
@NullMarked
package de.verbund.hub.security;

import org.jspecify.annotations.NullMarked;
