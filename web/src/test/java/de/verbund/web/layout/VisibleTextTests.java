package de.verbund.web.layout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VisibleTextTests {

    @Test
    void bidiOverridesAndZeroWidthCharactersBecomeVisible() {
        assertThat(VisibleText.of("Rechnung\u202Egnp.exe")).isEqualTo("Rechnung[U+202E]gnp.exe");
        assertThat(VisibleText.of("a\u200Bb\u2066c\uFEFF")).isEqualTo("a[U+200B]b[U+2066]c[U+FEFF]");
    }

    @Test
    void ordinaryTextIncludingUmlautsAndMarkupStaysAsItIs() {
        String text = "Ärzte in der Hauptstraße <script>alert(1)</script> – “Zitat”";
        assertThat(VisibleText.of(text)).isSameAs(text);
    }
}
