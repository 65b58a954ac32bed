package de.verbund.search.query;

import java.util.stream.Stream;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The hub's query language: what each form becomes, and that every error is an {@link InvalidQuery} with a place. */
class QueryLanguageTests {

    /** The Elasticsearch JSON of a parsed query (the client's own serialisation). */
    static String dsl(String text) {
        Query query = QueryLanguage.parse(text);
        return query.toString();
    }

    @Test
    void wordThenMultiMatchOverTitleAndTextWithAllWordsRequired() {
        assertThat(dsl("Phishing")).contains("\"multi_match\"", "\"query\":\"Phishing\"", "\"title^2\"", "\"text\"",
                "\"operator\":\"and\"", "\"type\":\"best_fields\"");
    }

    @Test
    void wordThenAlsoTheCompoundPartsAtALowerWeight() {
        assertThat(dsl("Betrug")).contains("\"title.parts^1\"", "\"text.parts^0.5\"");
    }

    @Test
    void nameThenPhraseOverTheNameCodesAndTheSpellingAsWrittenRankedFirst() {
        assertThat(dsl("name:\"Mohammed Al-Hassan\"")).contains("\"title.names\"", "\"text.names\"",
                "\"type\":\"phrase\"", "\"slop\":2", "\"should\"", "\"boost\":2.0", "Mohammed Al-Hassan");
    }

    @ParameterizedTest
    @ValueSource(strings = {"name:\"1234\"", "name:\"--\""})
    void nameWithoutALetterThenInvalid(String query) {
        assertThatThrownBy(() -> QueryLanguage.parse(query)).isInstanceOf(InvalidQuery.class).hasMessageContaining("name:");
    }

    @Test
    void overlongNameThenInvalid() {
        assertThatThrownBy(() -> QueryLanguage.parse("name:\"" + "a".repeat(101) + "\""))
                .isInstanceOf(InvalidQuery.class).hasMessageContaining("100");
    }

    @Test
    void adjacentWordsThenAnded() {
        assertThat(dsl("Phishing Sparkasse")).contains("\"bool\"", "\"must\"", "Phishing", "Sparkasse")
                .doesNotContain("\"should\"");
    }

    @Test
    void phraseThenPhraseQuery() {
        assertThat(dsl("\"Sparkasse Nürnberg\"")).contains("\"type\":\"phrase\"", "Sparkasse Nürnberg");
    }

    @Test
    void orThenShouldWithOneRequired() {
        assertThat(dsl("Phishing OR Ransomware")).contains("\"should\"", "\"minimum_should_match\":\"1\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Phishing NOT Test", "Phishing -Test"})
    void notAndMinusThenMustNot(String query) {
        assertThat(dsl(query)).contains("\"must_not\"", "Test");
    }

    @Test
    void onlyNegationThenMatchAllMinusIt() {
        assertThat(dsl("NOT Test")).contains("\"match_all\"", "\"must_not\"");
    }

    @Test
    void parenthesesThenGrouped() {
        assertThat(dsl("(Phishing OR Ransomware) AND Bank")).contains("\"should\"", "\"must\"", "Bank");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "originator:LKA-BY      | \"originator\":{\"value\":\"LKA-BY\"",
            "area:cyber             | \"phenomenonArea\":{\"value\":\"CYBER\"",
            "phenomenonArea:PMK_RECHTS | \"phenomenonArea\":{\"value\":\"PMK_RECHTS\"",
            "classification:vs-nfd  | \"classification\":{\"value\":\"VS-NFD\"",
            "handling:h2            | \"handlingCode\":{\"value\":\"H2\"",
            "language:de            | \"language\":{\"value\":\"de\"",
            "selector:ip:203.0.113.7 | \"selectors\":{\"value\":\"ip:203.0.113.7\""})
    void labelFieldsThenTermsOnTheirKeywordFields(String query, String expected) {
        assertThat(dsl(query.strip())).contains("\"term\"", expected.strip());
    }

    @Test
    void titleFieldThenPhraseOnTitleOnly() {
        assertThat(dsl("title:\"Lagebild Cyber\"")).contains("\"type\":\"phrase\"", "\"title\"", "Lagebild Cyber")
                .doesNotContain("\"text\"");
    }

    @Test
    void selectorValueThenNormalisedLikeAtIngest() {
        assertThat(dsl("selector:phone:030/27654321")).contains("phone:+493027654321");
        assertThat(dsl("selector:email:Kontakt@Example.ORG")).contains("email:kontakt@example.org");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "date:2026-02-03            | \"gte\":\"2026-02-03\" | \"lte\":\"2026-02-03T23:59:59.999Z\"",
            "date:2026-02               | \"gte\":\"2026-02-01\" | \"lte\":\"2026-02-28T23:59:59.999Z\"",
            "date:2026-01-01..2026-03-31 | \"gte\":\"2026-01-01\" | \"lte\":\"2026-03-31T23:59:59.999Z\""})
    void datesThenRangeOnSubmission(String query, String from, String to) {
        assertThat(dsl(query.strip())).contains("\"range\"", "\"submittedAt\"", from.strip(), to.strip());
    }

    @Test
    void openDateRangeThenOneBound() {
        assertThat(dsl("date:2026-01-01..")).contains("\"gte\":\"2026-01-01\"").doesNotContain("\"lte\"");
        assertThat(dsl("date:..2026-01-31")).contains("\"lte\":\"2026-01-31T23:59:59.999Z\"").doesNotContain("\"gte\"");
    }

    static Stream<Arguments> invalidQueries() {
        return Stream.of(
                arguments("", "the query is empty"),
                arguments("   ", "the query is empty"),
                arguments("originator:LKA-XX", "unknown authority"),
                arguments("originator:BFDI", "unknown authority"),
                arguments("area:WEATHER", "unknown phenomenon area"),
                arguments("classification:STRENG-GEHEIM", "unknown classification"),
                arguments("handling:H9", "unknown handling code"),
                arguments("language:deutsch", "two-letter code"),
                arguments("date:gestern", "date: takes"),
                arguments("date:2026-13", "date: takes"),
                arguments("date:+999999999-01-01", "between 0001 and 9999"),
                arguments("date:2026-01-01..+10000-01-01", "between 0001 and 9999"),
                arguments("selector:phone:+49 89 1234567", "must be quoted"),
                arguments("selector:ip", "selector: takes type:value"),
                arguments("selector:fax:0301234", "unknown selector type"),
                arguments("selector:ip:999.1.1.1", "not a valid ip selector"),
                arguments("script:painless", "unknown field"),
                arguments("(Phishing", "missing ')'"),
                arguments("Phishing)", "unexpected ')'"),
                arguments("Phishing AND", "ends where a term was expected"),
                arguments("OR Phishing", "'OR' at position 0 needs a term"),
                arguments("abc\u0000", "control characters"),
                arguments("Phishing\u2028AND Bank", "control characters"));
    }

    @ParameterizedTest
    @MethodSource("invalidQueries")
    void invalidQueriesThenRefusedWithReason(String query, String reason) {
        assertThatThrownBy(() -> QueryLanguage.parse(query)).isInstanceOf(InvalidQuery.class)
                .hasMessageContaining(reason);
    }

    @Test
    void rawElasticsearchSyntaxThenOnlyWordsNeverDsl() {
        String dsl = dsl("{\"query\":{\"match_all\":{}}}");
        assertThat(dsl).contains("\"multi_match\"").doesNotContain("\"match_all\":{}}}");
    }

    @Test
    void limitsThenRefused() {
        assertThatThrownBy(() -> QueryLanguage.parse("a".repeat(QueryLanguage.MAX_LENGTH + 1)))
                .isInstanceOf(InvalidQuery.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> QueryLanguage.parse("w ".repeat(QueryLanguage.MAX_CLAUSES + 1)))
                .isInstanceOf(InvalidQuery.class).hasMessageContaining("more than " + QueryLanguage.MAX_CLAUSES);
        assertThatThrownBy(() -> QueryLanguage.parse("(".repeat(QueryLanguage.MAX_DEPTH + 2) + "w"
                + ")".repeat(QueryLanguage.MAX_DEPTH + 2)))
                .isInstanceOf(InvalidQuery.class).hasMessageContaining("nested deeper");
    }

    @Test
    void longValueInErrorThenShortenedNotEchoed() {
        String value = "X".repeat(200);
        assertThatThrownBy(() -> QueryLanguage.parse("originator:" + value)).isInstanceOf(InvalidQuery.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(value).contains("…"));
    }
}
