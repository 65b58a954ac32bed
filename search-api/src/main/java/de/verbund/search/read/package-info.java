/**
 * Reads addressed by report id (a report, its original, related reports): one gate that loads the stored labels,
 * decides with the need-to-know rule and the caller's grants, opens the store and the vault only after that
 * decision, and audits before anything leaves. Whatever the caller may not read answers like an unknown id.
 */
@NullMarked
package de.verbund.search.read;

import org.jspecify.annotations.NullMarked;
