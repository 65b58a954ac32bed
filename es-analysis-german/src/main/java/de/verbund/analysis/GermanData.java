package de.verbund.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.apache.lucene.analysis.CharArraySet;

/**
 * The German word list the decompounder needs, read once per node from Debian's package {@code wngerman}
 * ({@code /usr/share/dict/ngerman}, igerman98 by Björn Jacke, GPL-2+, about 356,000 words with their inflected
 * forms). The build copies the file into the plugin's jar (it is not in the repository; see docs/adr/0013); nothing
 * is fetched at run time.
 */
public final class GermanData {

    static final String WORDS = "/de/verbund/analysis/data/ngerman";

    /** Subwords shorter than this are never split off (too many accidental matches: "lage", "reu"). */
    static final int MIN_WORD = 3;
    static final int MAX_WORD = 25;

    private final CharArraySet words;
    private final CharArraySet nouns;

    private static volatile GermanData shared;

    GermanData(CharArraySet words, CharArraySet nouns) {
        this.words = words;
        this.nouns = nouns;
    }

    /** The data in this plugin's jar, loaded on first use; fails loudly when the build found no Debian files. */
    public static GermanData fromPlugin() {
        GermanData d = shared;
        if (d == null) {
            synchronized (GermanData.class) {
                d = shared;
                if (d == null) {
                    try (InputStream w = open(WORDS)) {
                        d = read(w);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    shared = d;
                }
            }
        }
        return d;
    }

    private static InputStream open(String resource) {
        InputStream in = GermanData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the plugin was built without " + resource.substring(resource.lastIndexOf('/') + 1)
                    + ": install Debian's wngerman and build it again (deploy/local/services.sh does)");
        }
        return in;
    }

    /** Reads a word list: UTF-8, one word per line, nouns with a capital letter. */
    public static GermanData read(InputStream wordList) throws IOException {
        CharArraySet words = new CharArraySet(400_000, false);
        CharArraySet nouns = new CharArraySet(200_000, false);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(wordList, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                String w = line.strip();
                if (w.length() >= MIN_WORD && w.length() <= MAX_WORD && w.chars().allMatch(Character::isLetter)) {
                    String lower = w.toLowerCase(Locale.GERMAN);
                    words.add(lower);
                    if (Character.isUpperCase(w.charAt(0))) {
                        nouns.add(lower);
                    }
                }
            }
        }
        if (words.size() < 10_000) {
            throw new IOException("the German word list has only " + words.size() + " words");
        }
        return new GermanData(CharArraySet.unmodifiableSet(words), CharArraySet.unmodifiableSet(nouns));
    }

    /** Every word of the list, in lower case. */
    public CharArraySet words() {
        return words;
    }

    /** The words the list writes with a capital letter (nouns and names), in lower case. */
    public CharArraySet nouns() {
        return nouns;
    }
}
