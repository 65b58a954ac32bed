/**
 * Envelope encryption of originals (docs/brief.md "Protection of the data"): a fresh AES-256-GCM data key per report,
 * wrapped under the originator authority's versioned key-encryption key, in CMS AuthEnvelopedData
 * (RFC 5083, RFC 5084) built with Bouncy Castle; the bulk cipher runs on the JDK provider (AES-NI).
 */
@NullMarked
package de.verbund.ingest.crypto;

import org.jspecify.annotations.NullMarked;
