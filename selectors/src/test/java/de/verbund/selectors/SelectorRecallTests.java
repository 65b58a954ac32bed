package de.verbund.selectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recall and precision of extraction per selector type on a labelled corpus in the style of German police reports
 * ({@code selectors/reports-de.tsv}): every notation analysts use (defanged indicators, German phone notations,
 * internationalised domains, IBANs in groups), and traps that must not be extracted. A false "no hit" in a selector
 * check begins with a miss here.
 */
class SelectorRecallTests {

    static final double MIN_RECALL = 0.98;
    static final double MIN_PRECISION = 0.99;

    record Line(String text, Set<String> expected, List<String[]> notations) {}

    static List<Line> corpus;

    @BeforeAll
    static void read() throws IOException {
        String text;
        try (InputStream in = SelectorRecallTests.class.getResourceAsStream("/selectors/reports-de.tsv")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        corpus = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            Set<String> expected = parts[1].isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(parts[1].split(",")));
            List<String[]> notations = parts[2].isBlank() ? List.of()
                    : Arrays.stream(parts[2].split("\u241e")).map(n -> n.split("=", 2)).toList();
            corpus.add(new Line(parts[0], expected, notations));
        }
    }

    @Test
    void corpusThenLargeEnoughAndCoversEveryType() {
        long selectors = corpus.stream().mapToLong(l -> l.expected().size()).sum();
        long traps = corpus.stream().filter(l -> l.expected().isEmpty()).count();
        assertThat(selectors).isGreaterThanOrEqualTo(300);
        assertThat(traps).isGreaterThanOrEqualTo(25);
        Set<String> types = corpus.stream().flatMap(l -> l.expected().stream()).map(k -> k.substring(0, k.indexOf(':')))
                .collect(Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(SelectorType.values()).map(SelectorType::wireName).toList());
    }

    @Test
    void everyTypeThenRecallAndPrecisionAboveTheBar() {
        Map<String, int[]> byType = new TreeMap<>(); // type → {true positives, false positives, misses}
        Set<String> falsePositives = new TreeSet<>();
        Set<String> misses = new TreeSet<>();
        for (Line line : corpus) {
            Set<String> found = Selectors.extract(line.text()).stream().map(Selector::key).collect(Collectors.toSet());
            for (String key : found) {
                int[] counts = byType.computeIfAbsent(type(key), t -> new int[3]);
                if (line.expected().contains(key)) {
                    counts[0]++;
                } else {
                    counts[1]++;
                    falsePositives.add(key + " in «" + line.text() + "»");
                }
            }
            for (String key : line.expected()) {
                if (!found.contains(key)) {
                    byType.computeIfAbsent(type(key), t -> new int[3])[2]++;
                    misses.add(key + " in «" + line.text() + "»");
                }
            }
        }
        StringBuilder table = new StringBuilder("[selectors] per type on " + corpus.size() + " corpus lines:\n");
        table.append(String.format("  %-7s %5s %5s %5s %9s %7s%n", "type", "found", "false", "miss", "precision", "recall"));
        byType.forEach((type, c) -> table.append(String.format(java.util.Locale.ROOT, "  %-7s %5d %5d %5d %9.3f %7.3f%n",
                type, c[0], c[1], c[2], precision(c), recall(c))));
        System.out.print(table);
        byType.forEach((type, c) -> {
            assertThat(recall(c)).as(type + " recall; missed: " + misses).isGreaterThanOrEqualTo(MIN_RECALL);
            assertThat(precision(c)).as(type + " precision; false positives: " + falsePositives)
                    .isGreaterThanOrEqualTo(MIN_PRECISION);
        });
    }

    @Test
    void everyNotationThenTheCheckNormalisesItToWhatExtractionFound() {
        List<String> differences = new ArrayList<>();
        for (Line line : corpus) {
            Set<String> found = Selectors.extract(line.text()).stream().map(Selector::key).collect(Collectors.toSet());
            for (String[] notation : line.notations()) {
                SelectorType type = SelectorType.parse(notation[0]).orElseThrow();
                String checked = Selectors.normalise(type, notation[1]).map(Selector::key).orElse("<invalid>");
                if (!line.expected().contains(checked) || !found.contains(checked)) {
                    differences.add(notation[0] + " «" + notation[1] + "» → check " + checked + ", extracted " + found);
                }
            }
        }
        assertThat(differences).isEmpty();
    }

    static String type(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    static double precision(int[] c) {
        return c[0] + c[1] == 0 ? 1.0 : c[0] / (double) (c[0] + c[1]);
    }

    static double recall(int[] c) {
        return c[0] + c[2] == 0 ? 1.0 : c[0] / (double) (c[0] + c[2]);
    }
}
