package de.verbund.analysis;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Makes the spellings of one name meet: Meier, Meyer, Maier, Mayer; Mohammed, Muhammad, Mohamad; Jurij, Juri,
 * Yuri, Юрий; Schewtschenko, Shevchenko. First the Cyrillic script is transliterated (German Duden rules) and the
 * transliteration choices that the Kölner Phonetik would otherwise tell apart are folded ("tsch", "tch", "tsh" →
 * "ch"; "dsch", "dzh", "dj" → "j"); then the word is coded with the Kölner Phonetik (Hans Joachim Postel, 1969),
 * the German counterpart of Soundex: letters of one sound class get one digit, repeats and vowels after the first
 * letter are dropped. Names that sound alike get the same code; Meier (67) and Müller (657) do not.
 */
public final class NamePhonetics {

    private static final Map<Character, String> CYRILLIC = Map.ofEntries(
            Map.entry('а', "a"), Map.entry('б', "b"), Map.entry('в', "w"), Map.entry('г', "g"), Map.entry('д', "d"),
            Map.entry('е', "e"), Map.entry('ё', "jo"), Map.entry('ж', "sch"), Map.entry('з', "s"), Map.entry('и', "i"),
            Map.entry('й', "j"), Map.entry('к', "k"), Map.entry('л', "l"), Map.entry('м', "m"), Map.entry('н', "n"),
            Map.entry('о', "o"), Map.entry('п', "p"), Map.entry('р', "r"), Map.entry('с', "s"), Map.entry('т', "t"),
            Map.entry('у', "u"), Map.entry('ф', "f"), Map.entry('х', "ch"), Map.entry('ц', "z"), Map.entry('ч', "tsch"),
            Map.entry('ш', "sch"), Map.entry('щ', "schtsch"), Map.entry('ъ', ""), Map.entry('ы', "y"), Map.entry('ь', ""),
            Map.entry('э', "e"), Map.entry('ю', "ju"), Map.entry('я', "ja"), Map.entry('і', "i"), Map.entry('ї', "ji"),
            Map.entry('є', "je"), Map.entry('ґ', "g"));

    /** Articles and kinship words inside names, which transliterations write, join or leave out at will. */
    public static final Set<String> PARTICLES = Set.of("al", "el", "ul", "ad", "ed", "as", "ash", "at", "az", "ibn", "bin",
            "bint", "ben", "abu", "von", "van", "der", "den", "de", "di", "da", "la", "le", "zu", "zum", "zur");

    private NamePhonetics() {
    }

    /**
     * The code of one word (any case); empty when the word has no letter. An initial J or Y (a consonant before a
     * vowel: Jurij, Yuri, Jussuf) is kept apart from an initial vowel, which the Kölner Phonetik codes alike, so that
     * Jurij (j07) does not meet Euro (07).
     */
    public static String code(String word) {
        String folded = fold(word);
        String code = cologne(folded);
        return !code.isEmpty() && (folded.charAt(0) == 'j' || folded.charAt(0) == 'y') ? "j" + code : code;
    }

    /** Lower case, Cyrillic transliterated, accents removed (umlauts and ß kept), transliteration choices folded. */
    static String fold(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        StringBuilder latin = new StringBuilder(lower.length() + 4);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            String t = CYRILLIC.get(c);
            if (c < 0x80 || c == 'ä' || c == 'ö' || c == 'ü' || c == 'ß') {
                latin.append(c);
            } else if (t != null) {
                latin.append(t);
            } else {
                // é → e, č → c: the base letter without its accents
                for (char d : Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD).toCharArray()) {
                    if (Character.getType(d) != Character.NON_SPACING_MARK) {
                        latin.append(d);
                    }
                }
            }
        }
        String folded = latin.toString();
        if (folded.indexOf('t') >= 0) {
            folded = folded.replace("tsch", "ch").replace("tsh", "ch").replace("tch", "ch");
        }
        if (folded.indexOf('d') >= 0) {
            folded = folded.replace("dsch", "j").replace("dzh", "j").replace("dj", "j");
        }
        return folded;
    }

    /** The Kölner Phonetik of a lower-case word; letters outside a–z, ä, ö, ü, ß are skipped. */
    static String cologne(String word) {
        // as the reference implementation: umlauts are their vowels, ß is s (so "Cäsar" starts with 4, "ßc" is 8)
        String s = word.replace('ä', 'a').replace('ö', 'o').replace('ü', 'u').replace("ß", "s");
        StringBuilder raw = new StringBuilder(s.length() * 2);
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            char prev = i > 0 ? s.charAt(i - 1) : 0;
            char next = i + 1 < n ? s.charAt(i + 1) : 0;
            switch (c) {
                case 'a', 'e', 'i', 'j', 'o', 'u', 'y' -> raw.append('0');
                case 'h' -> raw.append('-');
                case 'b' -> raw.append('1');
                case 'p' -> raw.append(next == 'h' ? '3' : '1');
                case 'd', 't' -> raw.append(next == 'c' || next == 's' || next == 'z' ? '8' : '2');
                case 'f', 'v', 'w' -> raw.append('3');
                case 'g', 'k', 'q' -> raw.append('4');
                case 'c' -> {
                    if (i == 0) {
                        raw.append("ahkloqrux".indexOf(next) >= 0 && next != 0 ? '4' : '8');
                    } else {
                        raw.append(prev != 's' && prev != 'z' && "ahkoqux".indexOf(next) >= 0 && next != 0 ? '4' : '8');
                    }
                }
                case 'x' -> raw.append(prev == 'c' || prev == 'k' || prev == 'q' ? "8" : "48");
                case 'l' -> raw.append('5');
                case 'm', 'n' -> raw.append('6');
                case 'r' -> raw.append('7');
                case 's', 'z' -> raw.append('8');
                default -> { }
            }
        }
        StringBuilder code = new StringBuilder(raw.length());
        char last = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '-') {
                last = c; // an h parts two equal codes, as in the reference implementation (commons-codec)
                continue;
            }
            if (c != last && (c != '0' || code.isEmpty())) {
                code.append(c);
            }
            last = c;
        }
        return code.toString();
    }
}
