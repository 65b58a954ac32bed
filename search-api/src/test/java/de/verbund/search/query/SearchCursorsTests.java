package de.verbund.search.query;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Paging cursors are bound to user, query and time, and signed: every tampering is refused like garbage. */
class SearchCursorsTests {

    final SearchCursors cursors = new SearchCursors(new SearchProperties("shared-key-of-all-hub-nodes"));
    final String query = SearchCursors.hash("Phishing", "RELEVANCE", "20");
    final Instant later = Instant.now().plusSeconds(300);

    @Test
    void signedCursorThenVerifiesWithItsPointInTimeAndPosition() {
        String cursor = cursors.sign("pit-1", List.of(1.5, "2026-01-01", "id-7"), "analyst-nw", query, later);

        SearchCursors.Cursor verified = cursors.verify(cursor, "analyst-nw", query);

        assertThat(verified.pit()).isEqualTo("pit-1");
        assertThat(verified.searchAfter()).containsExactly(1.5, "2026-01-01", "id-7");
    }

    @Test
    void anotherHubNodeWithTheSameKeyThenVerifies() {
        String cursor = cursors.sign("pit-1", List.of(1), "analyst-nw", query, later);
        SearchCursors otherNode = new SearchCursors(new SearchProperties("shared-key-of-all-hub-nodes"));

        assertThat(otherNode.verify(cursor, "analyst-nw", query).pit()).isEqualTo("pit-1");
    }

    @Test
    void cursorOfAnotherUserThenRefused() {
        String cursor = cursors.sign("pit-1", List.of(1), "analyst-nw", query, later);

        assertThatThrownBy(() -> cursors.verify(cursor, "analyst-by", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void cursorOfAnotherQueryThenRefused() {
        String cursor = cursors.sign("pit-1", List.of(1), "analyst-nw", query, later);
        String otherQuery = SearchCursors.hash("Ransomware", "RELEVANCE", "20");

        assertThatThrownBy(() -> cursors.verify(cursor, "analyst-nw", otherQuery)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void expiredCursorThenRefused() {
        String cursor = cursors.sign("pit-1", List.of(1), "analyst-nw", query, Instant.now().minusSeconds(1));

        assertThatThrownBy(() -> cursors.verify(cursor, "analyst-nw", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void payloadChangedThenSignatureFails() {
        String cursor = cursors.sign("pit-1", List.of(1), "analyst-nw", query, later);
        String body = cursor.substring(0, cursor.indexOf('.'));
        String json = new String(Base64.getUrlDecoder().decode(body), StandardCharsets.UTF_8)
                .replace("analyst-nw", "analyst-by");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8))
                + cursor.substring(cursor.indexOf('.'));

        assertThatThrownBy(() -> cursors.verify(forged, "analyst-by", query)).isInstanceOf(InvalidQuery.class)
                .hasMessage("the cursor is not valid");
    }

    @Test
    void cursorOfAnotherKeyThenRefused() {
        String cursor = new SearchCursors(new SearchProperties("another-key")).sign("pit-1", List.of(1), "analyst-nw",
                query, later);

        assertThatThrownBy(() -> cursors.verify(cursor, "analyst-nw", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void withoutConfiguredKeyThenEachNodeHasItsOwnRandomKey() {
        SearchCursors a = new SearchCursors(new SearchProperties(""));
        SearchCursors b = new SearchCursors(new SearchProperties(""));
        String cursor = a.sign("pit-1", List.of(1), "analyst-nw", query, later);

        assertThat(a.verify(cursor, "analyst-nw", query).pit()).isEqualTo("pit-1");
        assertThatThrownBy(() -> b.verify(cursor, "analyst-nw", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void malformedCursorsThenRefusedLikeForgedOnes() {
        for (String garbage : List.of("", "no-dot", ".sig", "abc.%%%", "x".repeat(9000) + ".y")) {
            assertThatThrownBy(() -> cursors.verify(garbage, "analyst-nw", query)).as(garbage.length() > 20 ? "long" : garbage)
                    .isInstanceOf(InvalidQuery.class);
        }
    }
}
