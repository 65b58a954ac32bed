package de.verbund.analysis;

import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Keeps only words that begin with a capital letter, as every German name does: the name field then codes "Meier"
 * but not the adverb "mehr" (both 67 in the Kölner Phonetik). Used at index time, before lower-casing; queries are
 * analysed without it, since analysts type names in any case.
 */
@NamedComponent("verbund_capitalised")
public class CapitalisedFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new FilteringTokenFilter(tokenStream) {
            private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

            @Override
            protected boolean accept() {
                return term.length() > 0 && Character.isUpperCase(term.charAt(0));
            }
        };
    }
}
