/**
 * Selectors (IP addresses, e-mail addresses, phone numbers, IBANs, crypto wallets, domains, URLs, file hashes,
 * messenger handles): extracted from text, validated (checksums where the format has one) and normalised to one
 * canonical form, the same at ingest and in selector checks.
 */
@NullMarked
package de.verbund.selectors;

import org.jspecify.annotations.NullMarked;
