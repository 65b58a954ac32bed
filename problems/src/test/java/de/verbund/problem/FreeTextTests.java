package de.verbund.problem;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class FreeTextTests {

    @ParameterizedTest
    @ValueSource(strings = {"abc\u0000", "a\u0007b", "a\u007fb", "a\u0085b", "a\u2028b", "a\u2029b", "a\u001bb"})
    void controlCharactersAndSeparatorsThenRefusedInOneLineAndMultiline(String text) {
        assertThat(FreeText.isClean(text)).isFalse();
        assertThat(FreeText.isCleanMultiline(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zeile 1\nZeile 2", "Spalte\tWert", "Ende\r\n"})
    void tabsAndLineBreaksThenOnlyInMultilineText(String text) {
        assertThat(FreeText.isClean(text)).isFalse();
        assertThat(FreeText.isCleanMultiline(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Abgleich Betrugsserie", "Az. 123 Js 4567/26", "Müller – „Geldwäsche“ ß €", "日本語"})
    void ordinaryTextThenAccepted(String text) {
        assertThat(FreeText.isClean(text)).isTrue();
    }
}
