package de.verbund.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import de.verbund.selectors.SelectorType;
import de.verbund.selectors.Selectors;

/**
 * Selector extraction on the labelled corpus ({@code selectors/src/test/resources/selectors/reports-de.tsv}):
 * precision and recall per type, the CPU time per 10 KB of report text, and the CPU time per selector of the selector
 * check's normalisation (values typed as in {@link SelectorBench}). {@code impl=} names the extractor class
 * (anything with a static {@code extract(String)} returning selectors with {@code key()}), so that the extractor of
 * an earlier build can be measured in the same way (bench/RESULTS.md says how). Needs no running hub.
 */
public final class ExtractionBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        Path corpus = Path.of(a.getOrDefault("corpus", "selectors/src/test/resources/selectors/reports-de.tsv"));
        Method extract = Class.forName(a.getOrDefault("impl", "de.verbund.selectors.Selectors"))
                .getMethod("extract", String.class);
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "30"));

        List<String> texts = new ArrayList<>();
        List<Set<String>> expected = new ArrayList<>();
        for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t", -1);
            texts.add(parts[0]);
            expected.add(parts[1].isBlank() ? Set.of() : new HashSet<>(Arrays.asList(parts[1].split(","))));
        }

        Map<String, int[]> byType = new TreeMap<>(); // found, false, missed
        for (int i = 0; i < texts.size(); i++) {
            Set<String> found = keys(extract.invoke(null, texts.get(i)));
            for (String key : found) {
                byType.computeIfAbsent(type(key), t -> new int[3])[expected.get(i).contains(key) ? 0 : 1]++;
            }
            for (String key : expected.get(i)) {
                if (!found.contains(key)) {
                    byType.computeIfAbsent(type(key), t -> new int[3])[2]++;
                }
            }
        }
        System.out.println("extractor " + extract.getDeclaringClass().getName() + ", " + texts.size() + " corpus lines");
        Bench.row("type", "found", "false positives", "missed", "precision", "recall");
        Bench.row("---", "---", "---", "---", "---", "---");
        byType.forEach((type, c) -> Bench.row(type, String.valueOf(c[0]), String.valueOf(c[1]), String.valueOf(c[2]),
                f3(c[0] / (double) Math.max(1, c[0] + c[1])), f3(c[0] / (double) Math.max(1, c[0] + c[2]))));

        // reports of about 10 KB: the corpus lines joined into paragraphs, as a report reads
        List<String> reports = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        for (String text : texts) {
            b.append(text).append(' ');
            if (b.length() >= 10_240) {
                reports.add(b.toString());
                b.setLength(0);
            }
        }
        measure("corpus (selector-dense, ~15 selectors per KB)", reports, extract, rounds);
        // ordinary report prose as the ingest benchmark writes it: few selectors, much text
        measure("report prose (bench Corpus, 10 KB each)", Corpus.texts(42, 20, 10_240, "extraction"), extract, rounds);
        // the selector check's normalisation of values as analysts type them (the selector benchmark's checks)
        Random random = new Random(42);
        List<Map<String, String>> typed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            typed.addAll(SelectorBench.check(random, 100).typed());
        }
        measureNormalise(typed, rounds);
    }

    static void measureNormalise(List<Map<String, String>> typed, int rounds) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long[] perRound = new long[rounds];
        long found = 0;
        for (int i = 0; i < 2 * rounds; i++) { // the first half warms up
            long start = cpu.getCurrentThreadCpuTime();
            for (Map<String, String> value : typed) {
                found += Selectors.normalise(SelectorType.parse(value.get("type")).orElseThrow(), value.get("value"))
                        .isPresent() ? 1 : 0;
            }
            if (i >= rounds) {
                perRound[i - rounds] = cpu.getCurrentThreadCpuTime() - start;
            }
        }
        Arrays.sort(perRound);
        System.out.printf(Locale.ROOT, "CPU time per typed selector, normalisation of the selector check: %.2f µs "
                + "(median of %d rounds over %d values, %d valid per round)%n", perRound[rounds / 2] / 1e3 / typed.size(),
                rounds, typed.size(), found / (2 * rounds));
    }

    static void measure(String what, List<String> reports, Method extract, int rounds) throws Exception {
        long chars = reports.stream().mapToLong(String::length).sum();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < rounds; i++) { // warm-up
            for (String r : reports) {
                extract.invoke(null, r);
            }
        }
        long[] perRound = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = cpu.getCurrentThreadCpuTime();
            for (String r : reports) {
                extract.invoke(null, r);
            }
            perRound[i] = cpu.getCurrentThreadCpuTime() - start;
        }
        Arrays.sort(perRound);
        double per10kb = perRound[rounds / 2] / 1e3 / (chars / 10_240.0);
        System.out.printf(Locale.ROOT, "CPU time per 10 KB, %s: %.1f µs (median of %d rounds over %d texts, %d characters)%n",
                what, per10kb, rounds, reports.size(), chars);
    }

    static Set<String> keys(Object selectors) throws Exception {
        Set<String> keys = new HashSet<>();
        for (Object s : (Collection<?>) selectors) {
            keys.add((String) s.getClass().getMethod("key").invoke(s));
        }
        return keys;
    }

    static String type(String key) {
        return key.substring(0, key.indexOf(':'));
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
