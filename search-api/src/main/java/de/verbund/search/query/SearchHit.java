package de.verbund.search.query;

/** One hit as the analyst sees it; only reports the analyst may read ever become a hit. */
public record SearchHit(String id, String title, String originator, String classification, String phenomenonArea,
                        String submittedAt, double score) {}
