package de.verbund.web.report;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportMarksTests {

    static List<String> marked(String text, String query) {
        return ReportPageController.mark(text, ReportPageController.words(query)).stream()
                .filter(ReportPageController.Part::marked).map(ReportPageController.Part::text).toList();
    }

    @Test
    void wordOfFourLettersThenMarkedInsideCompoundsAsWritten() {
        assertThat(marked("Verdacht auf Anlagebetrug und Betrug; Betreuung", "Betrug"))
                .containsExactly("Anlagebetrug", "Betrug");
    }

    @Test
    void shorterWordThenOnlyAtTheStartOfAWord() {
        assertThat(marked("Tatort Bahnhof, Tatzeit 10 Uhr, Vortat", "Tat")).containsExactly("Tatort", "Tatzeit");
    }

    @Test
    void fieldsAndOperatorsThenNotMarked() {
        assertThat(ReportPageController.words("Betrug AND name:Meier -Test")).isEqualTo(Set.of("betrug"));
    }
}
