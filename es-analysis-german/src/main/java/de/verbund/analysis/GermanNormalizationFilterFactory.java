package de.verbund.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanNormalizationFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Folds German umlauts and their transcriptions (ä/ae → a, ö/oe → o, ü/ue → u, ß → ss). */
@NamedComponent("verbund_german_normalization")
public class GermanNormalizationFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new GermanNormalizationFilter(tokenStream);
    }

    @Override
    public TokenStream normalize(TokenStream tokenStream) {
        return new GermanNormalizationFilter(tokenStream);
    }
}
