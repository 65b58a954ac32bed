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
        String cursor = cursors.seal("pit-1", List.of(1.5, "2026-01-01", "id-7"), "analyst-nw", query, later);

        SearchCursors.Cursor verified = cursors.open(cursor, "analyst-nw", query);

        assertThat(verified.pit()).isEqualTo("pit-1");
        assertThat(verified.searchAfter()).containsExactly(1.5, "2026-01-01", "id-7");
    }

    @Test
    void anotherHubNodeWithTheSameKeyThenVerifies() {
        String cursor = cursors.seal("pit-1", List.of(1), "analyst-nw", query, later);
        SearchCursors otherNode = new SearchCursors(new SearchProperties("shared-key-of-all-hub-nodes"));

        assertThat(otherNode.open(cursor, "analyst-nw", query).pit()).isEqualTo("pit-1");
    }

    @Test
    void cursorOfAnotherUserThenRefused() {
        String cursor = cursors.seal("pit-1", List.of(1), "analyst-nw", query, later);

        assertThatThrownBy(() -> cursors.open(cursor, "analyst-by", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void cursorOfAnotherQueryThenRefused() {
        String cursor = cursors.seal("pit-1", List.of(1), "analyst-nw", query, later);
        String otherQuery = SearchCursors.hash("Ransomware", "RELEVANCE", "20");

        assertThatThrownBy(() -> cursors.open(cursor, "analyst-nw", otherQuery)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void expiredCursorThenRefused() {
        String cursor = cursors.seal("pit-1", List.of(1), "analyst-nw", query, Instant.now().minusSeconds(1));

        assertThatThrownBy(() -> cursors.open(cursor, "analyst-nw", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void anyByteChangedThenRefused() {
        String cursor = cursors.seal("pit-1", List.of(1), "analyst-nw", query, later);
        byte[] raw = Base64.getUrlDecoder().decode(cursor);
        for (int i = 0; i < raw.length; i++) {
            byte[] forged = raw.clone();
            forged[i] ^= 0x01;
            String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(forged);
            assertThatThrownBy(() -> cursors.open(tampered, "analyst-nw", query)).as("byte " + i)
                    .isInstanceOf(InvalidQuery.class).hasMessage("the cursor is not valid");
        }
    }

    @Test
    void cursorRevealsNeitherPointInTimeNorUserNorPosition() {
        String pit = "46ToAwMDaWR5BXV1aWQyKwZub2RlXzMAAAAAAAAAACoBYwAWLWhUUlJMRHBROXVHOEVBczJqbWV3dwAAAAAAAAAAAQ==";
        String cursor = cursors.seal(pit, List.of(7.25, "2026-05-04", "report-9f1c"), "analyst-nw", query, later);
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.ISO_8859_1);

        assertThat(decoded).doesNotContain("46ToAwMD", "analyst-nw", "report-9f1c", "2026-05-04", "pit", "expires");
        assertThat(cursor).doesNotContain("46ToAwMD");
        assertThat(cursors.seal(pit, List.of(1), "analyst-nw", query, later))
                .as("a fresh nonce per cursor").isNotEqualTo(cursors.seal(pit, List.of(1), "analyst-nw", query, later));
    }

    @Test
    void cursorOfAnotherKeyThenRefused() {
        String cursor = new SearchCursors(new SearchProperties("another-key")).seal("pit-1", List.of(1), "analyst-nw",
                query, later);

        assertThatThrownBy(() -> cursors.open(cursor, "analyst-nw", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void withoutConfiguredKeyThenEachNodeHasItsOwnRandomKey() {
        SearchCursors a = new SearchCursors(new SearchProperties(""));
        SearchCursors b = new SearchCursors(new SearchProperties(""));
        String cursor = a.seal("pit-1", List.of(1), "analyst-nw", query, later);

        assertThat(a.open(cursor, "analyst-nw", query).pit()).isEqualTo("pit-1");
        assertThatThrownBy(() -> b.open(cursor, "analyst-nw", query)).isInstanceOf(InvalidQuery.class);
    }

    @Test
    void malformedCursorsThenRefusedLikeForgedOnes() {
        for (String garbage : List.of("", "no-dot", ".sig", "abc.%%%", "x".repeat(9000) + ".y")) {
            assertThatThrownBy(() -> cursors.open(garbage, "analyst-nw", query)).as(garbage.length() > 20 ? "long" : garbage)
                    .isInstanceOf(InvalidQuery.class);
        }
    }
}
