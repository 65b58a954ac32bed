/**
 * The need-to-know rule of the brief as one pure function ({@link de.verbund.access.policy.NeedToKnow}) and its
 * translation into the Elasticsearch filter ({@link de.verbund.access.policy.AccessFilter}); both must agree.
 */
@NullMarked
package de.verbund.access.policy;

import org.jspecify.annotations.NullMarked;
