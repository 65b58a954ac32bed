package de.verbund.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.de.GermanLightStemFilter;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;

/** Light German stemming (Savoy): Ermittlungen → ermittlung, Ärzte → arzt. */
@NamedComponent("verbund_german_light_stem")
public class GermanLightStemFilterFactory implements TokenFilterFactory {

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new GermanLightStemFilter(tokenStream);
    }
}
