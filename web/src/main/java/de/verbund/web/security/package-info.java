/**
 * Login through the identity provider (authorization code with PKCE, confidential client {@code verbund-web}) as a
 * backend for the frontend: the tokens stay in the server-side session (PostgreSQL), the browser holds only the
 * session cookie. The subject of a page is built from the validated access token, exactly as for the API.
 */
@NullMarked
package de.verbund.web.security;

import org.jspecify.annotations.NullMarked;
