/**
 * The audit trail of LED Art. 25, § 76 BDSG and § 81 BKAG: every consultation, disclosure, collection and refused
 * access, written durably before the answer leaves. When it cannot be written, the request fails.
 */
@NullMarked
package de.verbund.audit;

import org.jspecify.annotations.NullMarked;
