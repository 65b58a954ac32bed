/**
 * What happens to a stored report after submission (lifecycle issue): restriction (Sperrung, § 58 BDSG) by the
 * originator's approvers and its lifting. Correction, review deadlines and erasure follow here.
 */
@NullMarked
package de.verbund.ingest.lifecycle;

import org.jspecify.annotations.NullMarked;
