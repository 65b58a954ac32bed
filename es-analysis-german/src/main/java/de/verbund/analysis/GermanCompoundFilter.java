package de.verbund.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.compound.CompoundWordTokenFilterBase;

/**
 * Adds the parts of a German compound after the whole word, at the same position and with the whole word's
 * offsets: "anlagebetrug" → anlagebetrug, anlage, betrug. A word is split only where it can be read completely as a
 * sequence of parts that the German word list knows (a dictionary decompounder with a complete-reading rule, where
 * Lucene's {@code DictionaryCompoundWordTokenFilter} emits every word found anywhere inside): the fewest parts win
 * ("geldwäscheverdacht" → geldwäsche + verdacht, not geld + wäsche + verdacht). A part may
 * carry a linking element (Fugenelement: -s-, -es-, -n-, -en-, -e-: "ermittlungs" → ermittlung). The first part may
 * be a word the list does not know ("cyber|angriff") when the rest is one known word of six letters or more; that
 * first part is not emitted. Words the list knows only as verbs or adjectives are not split. Never a part: a prefix or
 * preposition ("an|lagen", "vor|gang", "unter|schrift" stay whole), or a part shorter than four letters unless the
 * list writes it as a noun ("tat|verdächtiger"). Neighbouring parts of a longer compound are emitted joined as well
 * ("enkeltrickbetrug" → enkel, enkeltrick, trick, trickbetrug, betrug), and a part of ten letters or more that is a
 * compound itself is split too ("waffenschmuggel|netzwerk" → also waffen, schmuggel; "geldwäsche|verdacht" → also
 * geld, wäsche: the list cannot tell an opaque compound from a transparent one, and the word as written ranks first).
 *
 * <p>Unlike Lucene's decompounders it also splits nouns that the list itself contains (the German list holds many
 * compounds: "ermittlungsverfahren", "hauptstraße"). Known misses: parts the list lacks ("kriminal" in
 * "bundeskriminalamt") and three-letter parts it has only in lower case ("tat" in "tatverdächtiger").
 */
final class GermanCompoundFilter extends CompoundWordTokenFilterBase {

    static final int MIN_COMPOUND = 7;
    static final int MIN_PART = 4;
    static final int MIN_NOUN_PART = 3;
    /**
     * A part this long is split again; shorter compounds inside compounds are mostly lexicalised units
     * ("netzwerk", "bahnhof", "rathaus") whose parts would only add noise ("Werk" finding "Geldwäschenetzwerk").
     */
    static final int MIN_NESTED = 10;
    /** After a first part the list does not know, the rest must be one known word of at least this length. */
    static final int MIN_UNKNOWN_HEAD = 6;

    /** Separable and inseparable verb prefixes and prepositions: never a part of their own. */
    static final Set<String> PREFIXES = Set.of("ab", "an", "auf", "aus", "bei", "be", "dar", "durch", "ein", "emp",
            "ent", "entgegen", "er", "fort", "ge", "gegen", "her", "hin", "hinter", "los", "miss", "mit", "nach",
            "nieder", "über", "um", "unter", "ver", "voll", "vor", "weg", "wider", "wieder", "zer", "zu", "zurück",
            "zusammen", "zwischen", "gegenüber", "herab", "heran", "herauf", "heraus", "herbei", "herein", "herüber",
            "herum", "herunter", "hervor", "hinab", "hinauf", "hinaus", "hinein", "hinüber", "hinunter", "voran",
            "voraus", "vorbei", "vorher", "vorüber", "empor");

    private static final String[] LINKS = {"", "s", "es", "n", "en", "e"};
    private static final String[] NO_LINK = {""};
    /** Longer stretches are not looked up as one part (the longest German words in the list are about 25 letters). */
    private static final int MAX_PART = GermanData.MAX_WORD + 2;

    /** Splits of words seen before (the same for every index on the node, since the word list is). */
    private static final Map<String, int[][]> SPLITS = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 100_000;

    private final GermanData data;

    GermanCompoundFilter(TokenStream input, GermanData data) {
        super(input, data.words(), MIN_COMPOUND, MIN_NOUN_PART, 40, true);
        this.data = data;
    }

    @Override
    protected void decompose() {
        char[] word = termAtt.buffer();
        int length = termAtt.length();
        if (data.words().contains(word, 0, length) && !data.nouns().contains(word, 0, length)) {
            return; // a verb or adjective the list knows ("beinhaltet" is not bein + haltet)
        }
        String key = new String(word, 0, length);
        int[][] parts = SPLITS.get(key);
        if (parts == null) {
            parts = split(word, length).toArray(int[][]::new);
            if (SPLITS.size() >= MAX_CACHED) {
                SPLITS.clear(); // crude but bounded: words repeat within and across reports (Zipf)
            }
            SPLITS.put(key, parts);
        }
        for (int[] part : parts) {
            tokens.add(new CompoundToken(part[0], part[1]));
        }
    }

    /** The parts as {offset, length} of their dictionary form; empty when the word is not a compound. */
    List<int[]> split(char[] word, int length) {
        List<int[]> parts = new ArrayList<>();
        split(word, 0, length, parts);
        return parts;
    }

    /**
     * Adds the parts of {@code word[offset..offset+length]} to {@code parts}, and the parts of every part that is a
     * compound itself ("waffenschmuggel|netzwerk" → waffen, schmuggel too).
     */
    private void split(char[] word, int offset, int length, List<int[]> parts) {
        int end = offset + length;
        // best[i]: the fewest parts that read word[offset+i..end] completely; -1 where none does
        int[] best = new int[length + 1];
        int[] next = new int[length + 1];
        int[] formLength = new int[length + 1];
        Arrays.fill(best, -1);
        best[length] = 0;
        for (int i = length - 1; i >= 0; i--) {
            for (int j = length; j > i; j--) {
                if (best[j] < 0 || (i == 0 && j == length) || j - i > MAX_PART) {
                    continue;
                }
                int form = form(word, offset + i, j - i, j == length);
                if (form > 0 && (best[i] < 0 || best[j] + 1 < best[i])) {
                    best[i] = best[j] + 1;
                    next[i] = j;
                    formLength[i] = form;
                }
            }
        }
        int start = 0;
        if (best[0] < 0) {
            // an unknown first part ("cyber", "phishing") before one known head
            start = -1;
            for (int j = MIN_PART; j <= length - MIN_UNKNOWN_HEAD; j++) {
                if (best[j] == 1 && !PREFIXES.contains(new String(word, offset, j)) && !data.words().contains(word, offset, j)) {
                    start = j;
                    break;
                }
            }
            if (start < 0) {
                return;
            }
        }
        List<int[]> single = new ArrayList<>();
        for (int i = start; i < length; i = next[i]) {
            single.add(new int[] {offset + i, formLength[i]});
        }
        // with three parts or more, neighbours together are parts too: enkel|trick|betrug also yields enkeltrick
        // and trickbetrug, so that a query for a compound inside a longer one finds it
        for (int from = 0; from < single.size(); from++) {
            int[] first = single.get(from);
            parts.add(first);
            if (first[1] >= MIN_NESTED) {
                split(word, first[0], first[1], parts);
            }
            for (int to = from + 1; to < single.size(); to++) {
                if (from == 0 && to == single.size() - 1 && start == 0) {
                    break; // that is the whole word
                }
                int[] last = single.get(to);
                parts.add(new int[] {first[0], last[0] + last[1] - first[0]});
            }
        }
    }

    private static boolean endsWith(char[] word, int end, String suffix) {
        for (int k = 0; k < suffix.length(); k++) {
            if (word[end - suffix.length() + k] != suffix.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The length of the dictionary form of {@code word[offset..offset+length]} (without its linking element), or 0
     * when it is not a part. The last part (the head) takes no linking element.
     */
    int form(char[] word, int offset, int length, boolean head) {
        for (String link : head ? NO_LINK : LINKS) {
            int len = length - link.length();
            if (len < MIN_NOUN_PART || !endsWith(word, offset + length, link)) {
                continue;
            }
            if (!data.words().contains(word, offset, len) || PREFIXES.contains(new String(word, offset, len))) {
                continue;
            }
            if (len >= MIN_PART || data.nouns().contains(word, offset, len)) {
                return len;
            }
        }
        return 0;
    }
}
