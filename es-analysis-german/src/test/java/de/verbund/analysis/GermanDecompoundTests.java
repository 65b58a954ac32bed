package de.verbund.analysis;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The parts field's index chain on single words: the whole word first, then its parts, folded and stemmed. */
class GermanDecompoundTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Anlagebetrug              | anlagebetrug anlag betrug",
            "Geldwäscheverdacht        | geldwascheverdacht geldwasch geld wasch verdacht",
            "Hauptstraße               | hauptstrass haupt strass",
            "Betrugsmasche             | betrugsmasch betrug masch",
            "Enkeltrickbetrug          | enkeltrickbetrug enkel enkeltrick trick trickbetrug betrug",
            "Geldwäschenetzwerk        | geldwaschenetzwerk geldwasch geld wasch netzwerk",
            "Kinderpornografieverdacht | kinderpornografieverdacht kinderpornografi kind pornografi verdacht",
            "Ermittlungsverfahren      | ermittlungsverfahr ermittlung verfahr",
            "Telefonbetrüger           | telefonbetrug telefon betrug",
            "Cyberangriff              | cyberangriff angriff",
            "Überweisungsbetrug        | uberweisungsbetrug uberweisung betrug",
            "Waffenschmuggelnetzwerk   | waffenschmuggelnetzwerk waffenschmuggel waff schmuggel netzwerk"})
    void compoundThenWholeWordAndItsParts(String word, String terms) {
        assertThat(Analysis.parts(word)).containsExactly(terms.split(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Betreuung", "Anlagen", "Anzeige", "Vorgang", "Unterschrift", "Gegenstand", "Einbruch",
            "beinhaltet", "Ermittlung", "Verdacht", "Bericht", "Phishingmail"})
    void prefixedOrSimpleWordThenWhole(String word) {
        assertThat(Analysis.parts(word)).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Anlagebetrug", "Betrug", "Geldwäsche", "Hauptstraße"})
    void searchChainNeverSplits(String word) {
        assertThat(Analysis.plain(word)).hasSize(1);
    }

    @org.junit.jupiter.api.Test
    void partsKeepTheOffsetsOfTheWholeWord() throws Exception {
        var tokenizer = new org.apache.lucene.analysis.standard.StandardTokenizer();
        tokenizer.setReader(new java.io.StringReader("Verdacht auf Anlagebetrug"));
        try (var ts = GermanDecompoundFilterFactory.decompound(new org.apache.lucene.analysis.LowerCaseFilter(tokenizer),
                GermanData.fromPlugin())) {
            var term = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.CharTermAttribute.class);
            var offset = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.OffsetAttribute.class);
            var position = ts.addAttribute(org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute.class);
            ts.reset();
            StringBuilder seen = new StringBuilder();
            while (ts.incrementToken()) {
                seen.append(term).append('@').append(offset.startOffset()).append('-').append(offset.endOffset())
                        .append('+').append(position.getPositionIncrement()).append(' ');
            }
            ts.end();
            assertThat(seen.toString().strip()).isEqualTo(
                    "verdacht@0-8+1 auf@9-12+1 anlagebetrug@13-25+1 anlage@13-25+0 betrug@13-25+0");
        }
    }
}
