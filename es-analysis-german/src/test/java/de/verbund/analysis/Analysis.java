package de.verbund.analysis;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/** Runs a chain of the plugin's filters over a text as Elasticsearch would: standard tokenizer first. */
final class Analysis {

    private Analysis() {
    }

    static List<String> terms(String text, UnaryOperator<TokenStream> chain) {
        List<String> out = new ArrayList<>();
        StandardTokenizer tokenizer = new StandardTokenizer();
        tokenizer.setReader(new StringReader(text));
        try (TokenStream ts = chain.apply(tokenizer)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The index chain of the report text's parts field: lowercase → decompound → fold umlauts → light stem. */
    static List<String> parts(String text) {
        GermanData data = GermanData.fromPlugin();
        return terms(text, ts -> new GermanLightStemFilterFactory().create(new GermanNormalizationFilterFactory()
                .create(GermanDecompoundFilterFactory.decompound(new LowerCaseFilter(ts), data))));
    }

    /** The search chain of the parts field (and the index chain of the plain field): no decompounding. */
    static List<String> plain(String text) {
        return terms(text, ts -> new GermanLightStemFilterFactory().create(new GermanNormalizationFilterFactory()
                .create(new LowerCaseFilter(ts))));
    }
}
