package de.verbund.ingest.extract;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What extraction produced for one submitted file (normalised report schema v1): the text of the file and of
 * every embedded document, each with its path inside the container.
 *
 * @param text the main document's text followed by each embedded document's text under its path
 * @param truncated true when the text limit cut the output
 * @param embeddedLimitReached true when more embedded documents existed than the limit allows
 */
public record Extraction(String text, String contentType, @Nullable String title, @Nullable String author,
                         @Nullable String created, String language, boolean truncated, boolean embeddedLimitReached,
                         List<EmbeddedDocument> documents) {

    /** One document in the container tree; the root has path {@code /}. */
    public record EmbeddedDocument(String path, String contentType, int depth, long characters, @Nullable String error) {}
}
