package de.verbund.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/**
 * Splits German compounds into their parts and keeps the whole word: "anlagebetrug" → anlagebetrug, anlage, betrug;
 * "geldwäscheverdacht" → geldwäscheverdacht, geldwäsche, verdacht (rules in {@link GermanCompoundFilter}). Expects
 * lower case, before umlaut folding and stemming. Parts carry the offsets of the whole word, so highlighting marks
 * the compound as written.
 */
@NamedComponent("verbund_german_decompound")
public class GermanDecompoundFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        GermanData data = GermanData.fromPlugin();
        return decompound(tokenStream, data);
    }

    static TokenStream decompound(TokenStream tokenStream, GermanData data) {
        return new GermanCompoundFilter(tokenStream, data);
    }
}
