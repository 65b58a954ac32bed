package de.verbund.ingest.submit;

import java.util.List;

import de.verbund.ingest.extract.Extraction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExtractionWarningTests {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bericht.pdf   | application/x-sharedlib                                                 | true",
            "bild.jpg      | application/pdf                                                         | true",
            "bericht.pdf   | application/pdf                                                         | false",
            "liste.csv     | text/plain; charset=UTF-8                                               | false",
            "notiz.txt     | text/plain; charset=ISO-8859-1                                          | false",
            "brief.docx    | application/vnd.openxmlformats-officedocument.wordprocessingml.document | false",
            "mail.eml      | message/rfc822                                                          | false",
            "upload        | application/x-sharedlib                                                 | false",
            "sample.bin    | application/x-sharedlib                                                 | false"})
    void declaredAndDetectedTypeThenMismatchOnlyWhenUnrelated(String name, String detected, boolean differs) {
        assertThat(ExtractionWarning.typeDiffers(name, detected)).isEqualTo(differs);
    }

    @Test
    void emptyTextThenNoTextWarning() {
        Extraction empty = new Extraction("  \n", "application/pdf", null, null, null, "und", false, false, List.of());
        assertThat(ExtractionWarning.of("bericht.pdf", empty)).containsExactly(ExtractionWarning.NO_TEXT);
        assertThat(ExtractionWarning.NO_TEXT.code()).isEqualTo("no-text");
    }
}
