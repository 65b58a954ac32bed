package de.verbund.ingest.extract;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** A small stop-word language guess (de, en, fr, …); enough to route analysis, no model download needed. */
final class Languages {

    private static final Map<String, Set<String>> STOP_WORDS = Map.of(
            "de", Set.of("der", "die", "und", "das", "nicht", "ist", "mit", "den", "von", "zu", "ein", "eine", "auf", "für", "wurde", "des", "im", "sich", "zur", "zum", "gegen", "in", "bei", "nach", "wegen", "über", "dem", "einer"),
            "en", Set.of("the", "and", "of", "to", "is", "in", "that", "with", "for", "was", "on", "are", "this", "by"),
            "fr", Set.of("le", "la", "les", "et", "des", "est", "une", "pour", "dans", "que", "qui", "sur", "pas"),
            "nl", Set.of("het", "een", "van", "en", "niet", "dat", "zijn", "voor", "met", "ook", "wordt"),
            "pl", Set.of("nie", "się", "jest", "oraz", "jak", "dla", "przez", "że", "było"));

    private Languages() {
    }

    /** Stop word → the languages it belongs to. */
    private static final Map<String, List<String>> BY_WORD = STOP_WORDS.entrySet().stream()
            .flatMap(e -> e.getValue().stream().map(w -> Map.entry(w, e.getKey())))
            .collect(java.util.stream.Collectors.groupingBy(Map.Entry::getKey,
                    java.util.stream.Collectors.mapping(Map.Entry::getValue, java.util.stream.Collectors.toList())));

    /** The language of a text by its stop words, from its first 4,000 characters (enough for a stable guess). */
    static String guess(String text) {
        String sample = text.length() > 4_000 ? text.substring(0, 4_000) : text;
        Map<String, Integer> score = new java.util.HashMap<>();
        int start = -1;
        for (int i = 0; i <= sample.length(); i++) {
            boolean letter = i < sample.length() && Character.isLetter(sample.charAt(i));
            if (letter && start < 0) {
                start = i;
            } else if (!letter && start >= 0) {
                if (i - start <= 6) { // every stop word is short
                    List<String> languages = BY_WORD.get(sample.substring(start, i).toLowerCase(Locale.ROOT));
                    if (languages != null) {
                        for (String lang : languages) {
                            score.merge(lang, 1, Integer::sum);
                        }
                    }
                }
                start = -1;
            }
        }
        return score.entrySet().stream().filter(e -> e.getValue() >= 2)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("und");
    }
}
