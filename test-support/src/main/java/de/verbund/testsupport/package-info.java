/**
 * Finds the real services for integration tests: Elasticsearch, PostgreSQL and Keycloak started by
 * {@code deploy/local/services.sh} (through {@code VERBUND_*} environment variables), or containers where a
 * Docker engine exists. Missing services fail the test loudly; nothing is ever skipped.
 */
@NullMarked
package de.verbund.testsupport;

import org.jspecify.annotations.NullMarked;
