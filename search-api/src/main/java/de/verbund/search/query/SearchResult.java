package de.verbund.search.query;

import java.util.List;

/** Total and hits, both counted inside the access filter. */
public record SearchResult(long total, List<SearchHit> hits) {}
