package de.verbund.selectors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision and recall of selector extraction on a German sample corpus ({@code selectors/corpus-de.tsv}) with
 * dates, amounts, file numbers, version numbers, paragraph numbers, file names and postcodes as traps.
 */
class SelectorCorpusTests {

    @Test
    void germanCorpusThenFewFalsePositivesAndFewMisses() throws IOException {
        String corpus;
        try (InputStream in = getClass().getResourceAsStream("/selectors/corpus-de.tsv")) {
            corpus = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int truePositives = 0;
        Set<String> falsePositives = new TreeSet<>();
        Set<String> misses = new TreeSet<>();
        int lines = 0;
        for (String line : corpus.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            lines++;
            String[] parts = line.split("\t", -1);
            Set<String> expected = parts[1].isBlank() ? Set.of()
                    : new HashSet<>(Arrays.asList(parts[1].split(",")));
            Set<String> found = Selectors.extract(parts[0]).stream().map(Selector::key).collect(Collectors.toSet());
            for (String key : found) {
                if (expected.contains(key)) {
                    truePositives++;
                } else {
                    falsePositives.add(key);
                }
            }
            for (String key : expected) {
                if (!found.contains(key)) {
                    misses.add(key);
                }
            }
        }
        double precision = truePositives / (double) (truePositives + falsePositives.size());
        double recall = truePositives / (double) (truePositives + misses.size());
        System.out.printf("[selectors] %d German sentences: %d correct, %d false positives %s, %d missed %s; "
                + "precision %.2f, recall %.2f%n", lines, truePositives, falsePositives.size(), falsePositives, misses.size(),
                misses, precision, recall);
        assertThat(precision).as("false positives " + falsePositives).isGreaterThanOrEqualTo(0.95);
        assertThat(recall).as("missed " + misses).isGreaterThanOrEqualTo(0.9);
    }
}
