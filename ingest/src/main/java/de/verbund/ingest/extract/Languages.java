package de.verbund.ingest.extract;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** A small stop-word language guess (de, en, fr, …); enough to route analysis, no model download needed. */
final class Languages {

    private static final Map<String, Set<String>> STOP_WORDS = Map.of(
            "de", Set.of("der", "die", "und", "das", "nicht", "ist", "mit", "den", "von", "zu", "ein", "eine", "auf", "für", "wurde", "des", "im", "sich", "zur", "zum", "gegen", "in", "bei", "nach", "wegen", "über", "dem", "einer"),
            "en", Set.of("the", "and", "of", "to", "is", "in", "that", "with", "for", "was", "on", "are", "this", "by"),
            "fr", Set.of("le", "la", "les", "et", "des", "est", "une", "pour", "dans", "que", "qui", "sur", "pas"),
            "nl", Set.of("het", "een", "van", "en", "niet", "dat", "zijn", "voor", "met", "ook", "wordt"),
            "pl", Set.of("nie", "się", "jest", "oraz", "jak", "dla", "przez", "że", "było"));
    private static final Pattern WORD = Pattern.compile("[\\p{L}]+");

    private Languages() {
    }

    static String guess(String text) {
        String sample = text.length() > 20_000 ? text.substring(0, 20_000) : text;
        var words = WORD.matcher(sample.toLowerCase(Locale.ROOT));
        Map<String, Integer> score = new java.util.HashMap<>();
        int total = 0;
        while (words.find() && total < 5000) {
            total++;
            String w = words.group();
            STOP_WORDS.forEach((lang, stop) -> {
                if (stop.contains(w)) {
                    score.merge(lang, 1, Integer::sum);
                }
            });
        }
        return score.entrySet().stream().filter(e -> e.getValue() >= 2)
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("und");
    }
}
