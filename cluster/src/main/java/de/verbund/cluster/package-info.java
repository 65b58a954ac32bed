/**
 * How one hub instance lives among several behind a load balancer: the leader role for the jobs that must run once at
 * a time ({@link de.verbund.cluster.Leadership}). Everything else a user touches is in PostgreSQL or signed with a key
 * all instances share (docs/adr/0017).
 */
@NullMarked
package de.verbund.cluster;

import org.jspecify.annotations.NullMarked;
