package de.verbund.ingest.extract;

/**
 * Text and type of one extracted document.
 *
 * @param truncated true when the text limit cut the extract
 */
public record Extracted(String text, String contentType, boolean truncated) {}
