package de.verbund.access.label;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelsTests {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
    static final Authority BKA = new Authority("BKA");

    static Map<String, Object> valid() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("caseReference", "BKA-SO41-2026-1");
        raw.put("title", "Phishing");
        raw.put("phenomenonArea", "CYBER");
        raw.put("classification", "VS-NFD");
        raw.put("releasableTo", List.of("ALL"));
        raw.put("handlingCode", "H0");
        raw.put("disclosure", "FULL");
        raw.put("collection", "OPEN");
        raw.put("reviewBy", "2030-01-01");
        return raw;
    }

    @Test
    void validSubmissionThenLabelsWithOriginatorFromToken() {
        Labels labels = Labels.fromSubmission(valid(), BKA, TODAY);
        assertThat(labels.originator()).isEqualTo(BKA);
        assertThat(labels.classification()).isEqualTo(Classification.VS_NFD);
        assertThat(labels.releasableToAll()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"caseReference", "title", "phenomenonArea", "classification", "releasableTo",
            "handlingCode", "disclosure", "collection", "reviewBy"})
    void missingLabelThenRefusedNamingIt(String name) {
        Map<String, Object> raw = valid();
        raw.remove(name);
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY))
                .isInstanceOfSatisfying(LabelInvalid.class, e -> assertThat(e.label()).isEqualTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"phenomenonArea", "classification", "handlingCode", "disclosure", "collection"})
    void unknownValueThenRefused(String name) {
        Map<String, Object> raw = valid();
        raw.put(name, "BOGUS");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY))
                .isInstanceOfSatisfying(LabelInvalid.class, e -> assertThat(e.label()).isEqualTo(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BKA\u0000SO41", "BKA\u2028SO41", "BKA\u2029SO41", "BKA\u0085SO41"})
    void controlCharacterOrLineSeparatorInATextLabelThenRefused(String value) {
        Map<String, Object> raw = valid();
        raw.put("caseReference", value);
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY))
                .isInstanceOfSatisfying(LabelInvalid.class, e -> assertThat(e.label()).isEqualTo("caseReference"));
    }

    @Test
    void strengGeheimThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("classification", "STRENG GEHEIM");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).hasMessageContaining("never stored");
    }

    @Test
    void originatorInBodyThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("originator", "LKA-BY");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY))
                .isInstanceOfSatisfying(LabelInvalid.class, e -> assertThat(e.label()).isEqualTo("originator"));
    }

    @Test
    void unknownLabelThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("secretFlag", "x");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).hasMessageContaining("unknown label");
    }

    @Test
    void releasableToUnknownAuthorityThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("releasableTo", List.of("LKA-BY", "LKA-XX"));
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).hasMessageContaining("LKA-XX")
                .hasMessageContaining("allowed").hasMessageContaining("LKA-TH").hasMessageContaining("\"ALL\"");
    }

    @Test
    void unknownEnumeratedValuesThenRefusalListsTheAllowedOnes() {
        Map<String, Object> raw = valid();
        raw.put("classification", "STRENG GEHEIMST");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY))
                .hasMessageContaining("allowed: [OFFEN, VS-NFD, VS-VERTRAULICH, GEHEIM]");
        Map<String, Object> area = valid();
        area.put("phenomenonArea", "WETTER");
        assertThatThrownBy(() -> Labels.fromSubmission(area, BKA, TODAY)).hasMessageContaining("CYBER");
    }

    @Test
    void releasableToOversightBodyThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("releasableTo", List.of("BFDI"));
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).isInstanceOf(LabelInvalid.class);
    }

    @Test
    void releasableToAllMixedWithCodesThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("releasableTo", List.of("ALL", "LKA-BY"));
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).isInstanceOf(LabelInvalid.class);
    }

    @Test
    void releasableToEmptyThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("releasableTo", List.of());
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).isInstanceOf(LabelInvalid.class);
    }

    @Test
    void reviewByMoreThanTenYearsAheadThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("reviewBy", TODAY.plusYears(10).plusDays(1).toString());
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).hasMessageContaining("10 years");
    }

    @Test
    void reviewByInThePastThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("reviewBy", "2020-01-01");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).isInstanceOf(LabelInvalid.class);
    }

    @Test
    void h3WithoutNoteThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("handlingCode", "H3");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY))
                .isInstanceOfSatisfying(LabelInvalid.class, e -> assertThat(e.label()).isEqualTo("handlingNote"));
    }

    @Test
    void wrongTypeThenRefused() {
        Map<String, Object> raw = valid();
        raw.put("title", 42);
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).hasMessageContaining("must be text");
    }

    @Test
    void oversightBodyCannotOriginate() {
        assertThatThrownBy(() -> Labels.fromSubmission(valid(), new Authority("BFDI"), TODAY))
                .isInstanceOf(LabelInvalid.class);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"ADULTS, 10", "NONE, 10", "JUVENILES, 5", "CHILDREN, 2"})
    void personsConcernedThenReviewDeadlineAtMostTheirYears(String persons, int years) {
        Map<String, Object> raw = valid();
        raw.put("personsConcerned", persons);
        raw.put("reviewBy", TODAY.plusYears(years).toString());
        assertThat(Labels.fromSubmission(raw, BKA, TODAY).personsConcerned()).isEqualTo(PersonsConcerned.valueOf(persons));
        raw.put("reviewBy", TODAY.plusYears(years).plusDays(1).toString());
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).isInstanceOf(LabelInvalid.class)
                .hasMessageContaining("reviewBy").hasMessageContaining("at most " + years + " years");
    }

    @Test
    void personsConcernedMissingThenAdultsAndUnknownThenRefused() {
        assertThat(Labels.fromSubmission(valid(), BKA, TODAY).personsConcerned()).isEqualTo(PersonsConcerned.ADULTS);
        Map<String, Object> raw = valid();
        raw.put("personsConcerned", "KINDER");
        assertThatThrownBy(() -> Labels.fromSubmission(raw, BKA, TODAY)).isInstanceOf(LabelInvalid.class)
                .hasMessageContaining("personsConcerned").hasMessageContaining("CHILDREN");
    }
}
