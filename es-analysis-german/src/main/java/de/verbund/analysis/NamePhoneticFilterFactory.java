package de.verbund.analysis;

import java.io.IOException;
import java.util.Locale;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Replaces each token by its {@link NamePhonetics} code. Name particles (al, el, ibn, bin, abu, von, van, de …) and
 * tokens without a letter are dropped, their positions kept as gaps: "Mohammed Al-Hassan", "Mohamad al-Hassan" and
 * "Mohamed Hasan" then differ at most by a gap that a phrase query with slop bridges. Offsets stay.
 */
@NamedComponent("verbund_name_phonetic")
public class NamePhoneticFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new NamePhoneticFilter(tokenStream);
    }

    static final class NamePhoneticFilter extends TokenFilter {

        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);

        NamePhoneticFilter(TokenStream input) {
            super(input);
        }

        @Override
        public boolean incrementToken() throws IOException {
            int skipped = 0;
            while (input.incrementToken()) {
                String word = term.toString();
                String code = NamePhonetics.PARTICLES.contains(word.toLowerCase(Locale.ROOT)) ? "" : NamePhonetics.code(word);
                if (!code.isEmpty()) {
                    term.setEmpty().append(code);
                    position.setPositionIncrement(position.getPositionIncrement() + skipped);
                    return true;
                }
                skipped += position.getPositionIncrement();
            }
            return false;
        }
    }
}
