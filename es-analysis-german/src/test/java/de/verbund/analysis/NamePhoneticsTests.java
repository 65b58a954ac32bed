package de.verbund.analysis;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.commons.codec.language.ColognePhonetic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class NamePhoneticsTests {

    @Test
    void cologneCodesEqualTheReferenceImplementationOnTheWholeWordList() throws Exception {
        ColognePhonetic reference = new ColognePhonetic();
        List<String> differ = new ArrayList<>();
        int compared = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                GermanData.class.getResourceAsStream(GermanData.WORDS), StandardCharsets.UTF_8))) {
            String word;
            while ((word = r.readLine()) != null) {
                if (!word.matches("[A-Za-zÄÖÜäöüß]+")) {
                    continue;
                }
                compared++;
                String ours = NamePhonetics.cologne(word.toLowerCase(Locale.GERMAN));
                if (!ours.equals(reference.encode(word))) {
                    differ.add(word + " " + ours + " " + reference.encode(word));
                }
            }
        }
        assertThat(compared).isGreaterThan(300_000);
        assertThat(differ).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "Meier, Meyer", "Meier, Maier", "Meier, Mayer",
            "Mohammed, Muhammad", "Mohammed, Mohamad", "Mohammed, Mohamed",
            "Jurij, Yuri", "Jurij, Juri", "Jurij, Юрий",
            "Schewtschenko, Shevchenko", "Tschernow, Chernov", "Dschamal, Jamal", "Djamal, Jamal",
            "Hussein, Husain", "Hussein, Hussain", "Youssef, Jussuf", "Aleksandr, Alexander", "Sergej, Sergey",
            "Wladimir, Vladimir", "Dmitrij, Dmitry", "Müller, Mueller", "Al, El", "Hassan, Hasan",
            "Chalid, Khalid", "Tschaikowski, Tchaikovsky", "Путин, Putin"})
    void spellingsOfOneNameMeet(String a, String b) {
        assertThat(NamePhonetics.code(a)).isEqualTo(NamePhonetics.code(b));
    }

    @ParameterizedTest
    @CsvSource({"Meier, Müller", "Schmidt, Schneider", "Mohammed, Ahmed", "Jurij, Georg", "Hassan, Haddad",
            "Betrug, Betreuung", "Jurij, Euro", "Yuri, Uhr"})
    void differentNamesStayApart(String a, String b) {
        assertThat(NamePhonetics.code(a)).isNotEqualTo(NamePhonetics.code(b));
    }
}
