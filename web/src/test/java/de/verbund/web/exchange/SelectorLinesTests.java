package de.verbund.web.exchange;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SelectorLinesTests {

    static String type(String line) {
        return SelectorLines.parse(line, "").getFirst().input().type();
    }

    @Test
    void typeIsDetectedMostSpecificFirst() {
        assertThat(type("198.51.100[.]23")).isEqualTo("ip");
        assertThat(type("2001:db8::7")).isEqualTo("ip");
        assertThat(type("name@beispiel.de")).isEqualTo("email");
        assertThat(type("https://beispiel.de/login")).isEqualTo("url");
        assertThat(type("DE89 3704 0044 0532 0130 00")).isEqualTo("iban");
        assertThat(type("d41d8cd98f00b204e9800998ecf8427e")).as("32 hex digits: a hash, not a phone number").isEqualTo("md5");
        assertThat(type("+49 30 1234567")).isEqualTo("phone");
        assertThat(type("beispiel.de")).isEqualTo("domain");
        assertThat(type("das ist kein Selektor")).isNull();
    }

    @Test
    void aPrefixOrTheChosenTypeWins() {
        assertThat(SelectorLines.parse("phone:030 1234567", "").getFirst().input())
                .extracting(i -> i.type(), i -> i.value()).containsExactly("phone", "030 1234567");
        assertThat(SelectorLines.parse("beispiel.de", "url").getFirst().input().type()).isEqualTo("url");
    }

    @Test
    void blankLinesAreSkippedAndLinesKeepTheirNumbers() {
        List<SelectorLines.Line> lines = SelectorLines.parse("a@b.de\r\n\r\n  \n198.51.100.1\n", "");
        assertThat(lines).extracting(SelectorLines.Line::number).containsExactly(1, 4);
    }
}
