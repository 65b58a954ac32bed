package de.verbund.bench;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import de.verbund.ingest.index.ReportDocument;
import de.verbund.ingest.index.ReportIndex;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cost and the gain of the German analysis (docs/adr/0013), before and after in one run, straight against
 * Elasticsearch (the hub's stack is the same for both): two indices with the same synthetic reports, one with the
 * mapping of version 2 (text and title only), one with the current mapping (plus compound parts and name codes).
 * Reports bulk indexing rate, index size, search p50/p99 alternating on both (one or two words; names), and the
 * judged query set of GermanSearchQualityTests on both. Usage: bench/run.sh german [docs=1000000] [requests=300] [keep=false]
 * The indices are deleted afterwards; the hub's index is not touched.
 */
public final class GermanSearchBench {

    static final String BEFORE = "bench-german-before";
    static final String AFTER = "bench-german-after";
    static final String[] WORDS = {"Phishing", "Überweisung", "Kryptowährung", "Darknet", "Flugblatt", "Versammlung",
            "Zahlung", "Server", "Sparkasse", "Ermittlungen", "Anruf", "Konto", "Zeugin", "Zentrum", "Kunden", "Dienst",
            "Nummer", "Welle", "Inhalt", "Verlauf"};
    static final String[] NAMES = {"Meier", "Müller", "Schmidt", "Jürgen Meyer", "Mohammed Al-Hassan", "Yuri"};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int docs = Integer.parseInt(a.getOrDefault("docs", "1000000"));
        int requests = Integer.parseInt(a.getOrDefault("requests", "300"));
        boolean keep = Boolean.parseBoolean(a.getOrDefault("keep", "false"));
        Bench b = new Bench();
        String settings = ReportIndex.SETTINGS;
        String after = ReportIndex.MAPPING;
        ObjectNode before = (ObjectNode) Bench.JSON.readTree(after);
        ObjectNode properties = (ObjectNode) before.get("properties");
        ((ObjectNode) properties.get("title").get("fields")).remove(List.of("parts", "names"));
        ((ObjectNode) properties.get("text")).remove("fields");

        judged(b, settings, before.toString(), after);

        for (String index : List.of(BEFORE, AFTER)) {
            b.es("DELETE", "/" + index, null);
            create(b, index, settings, index.equals(BEFORE) ? before.toString() : after);
        }
        long[] bulkNanos = new long[2];
        Random random = new Random(42);
        int batch = 2000;
        long t0 = System.nanoTime();
        for (int from = 0; from < docs; from += batch) {
            String body = bulk(random, from, Math.min(docs, from + batch));
            // alternate which index gets the batch first, so that neither always meets a busier machine
            int first = (from / batch) % 2;
            for (int k = 0; k < 2; k++) {
                int which = (first + k) % 2;
                long t = System.nanoTime();
                HttpResponse<String> r = b.es("POST", "/" + (which == 0 ? BEFORE : AFTER) + "/_bulk", body);
                bulkNanos[which] += System.nanoTime() - t;
                if (r.statusCode() != 200 || Bench.JSON.readTree(r.body()).get("errors").asBoolean()) {
                    throw new IllegalStateException("bulk failed: " + r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length())));
                }
            }
            if ((from / batch) % 50 == 0) {
                System.out.printf(Locale.ROOT, "loaded %d of %d into both (%.0f s)%n", from + batch, docs, (System.nanoTime() - t0) / 1e9);
            }
        }
        for (String index : List.of(BEFORE, AFTER)) {
            b.es("POST", "/" + index + "/_refresh", null);
            b.es("POST", "/" + index + "/_forcemerge?max_num_segments=5", null);
        }
        long[] size = {storeBytes(b, BEFORE), storeBytes(b, AFTER)};

        Random q = new Random(43);
        List<String[]> words = new ArrayList<>();
        for (int i = 0; i < requests + 50; i++) {
            String w = WORDS[q.nextInt(WORDS.length)] + (q.nextBoolean() ? " " + WORDS[q.nextInt(WORDS.length)] : "");
            words.add(new String[] {wordQuery(w, false), wordQuery(w, true)});
        }
        List<String[]> names = new ArrayList<>();
        for (int i = 0; i < requests + 50; i++) {
            String n = NAMES[q.nextInt(NAMES.length)];
            names.add(new String[] {nameQuery(n, false), nameQuery(n, true)});
        }
        long[][] wordTimes = time(b, words, requests);
        long[][] nameTimes = time(b, names, requests);

        System.out.println();
        System.out.printf(Locale.ROOT, "German analysis, %d synthetic reports (seed 42), %d searches each after 50 warm-up%n", docs, requests);
        Bench.row("figure", "before (mapping v2)", "after (parts + names)", "after / before");
        Bench.row("bulk indexing, reports/s", Bench.f(docs / (bulkNanos[0] / 1e9)), Bench.f(docs / (bulkNanos[1] / 1e9)),
                String.format(Locale.ROOT, "%.2f", (double) bulkNanos[0] / bulkNanos[1]));
        Bench.row("index size", mb(size[0]), mb(size[1]), String.format(Locale.ROOT, "%.2f", (double) size[1] / size[0]));
        Bench.row("word search p50", SearchBench.ms(Bench.percentile(wordTimes[0], 50)), SearchBench.ms(Bench.percentile(wordTimes[1], 50)),
                String.format(Locale.ROOT, "%+.1f ms", (Bench.percentile(wordTimes[1], 50) - Bench.percentile(wordTimes[0], 50)) / 1e6));
        Bench.row("word search p99", SearchBench.ms(Bench.percentile(wordTimes[0], 99)), SearchBench.ms(Bench.percentile(wordTimes[1], 99)),
                String.format(Locale.ROOT, "%+.1f ms", (Bench.percentile(wordTimes[1], 99) - Bench.percentile(wordTimes[0], 99)) / 1e6));
        Bench.row("name search p50 (before: phrase)", SearchBench.ms(Bench.percentile(nameTimes[0], 50)), SearchBench.ms(Bench.percentile(nameTimes[1], 50)),
                String.format(Locale.ROOT, "%+.1f ms", (Bench.percentile(nameTimes[1], 50) - Bench.percentile(nameTimes[0], 50)) / 1e6));
        Bench.row("name search p99 (before: phrase)", SearchBench.ms(Bench.percentile(nameTimes[0], 99)), SearchBench.ms(Bench.percentile(nameTimes[1], 99)),
                String.format(Locale.ROOT, "%+.1f ms", (Bench.percentile(nameTimes[1], 99) - Bench.percentile(nameTimes[0], 99)) / 1e6));
        for (String index : List.of(BEFORE, AFTER)) {
            if (!keep) {
                b.es("DELETE", "/" + index, null);
            }
        }
    }

    /** The judged query set on both analyses: recall@10 and precision@10 per class. */
    static void judged(Bench b, String settings, String before, String after) throws Exception {
        Path dir = Path.of("system-tests/src/test/resources/judged");
        List<String[]> reports = rows(dir.resolve("reports.tsv"));
        List<String[]> queries = rows(dir.resolve("queries.tsv"));
        String[] indices = {BEFORE + "-judged", AFTER + "-judged"};
        StringBuilder bulk = new StringBuilder();
        for (String[] r : reports) {
            bulk.append("{\"index\":{\"_id\":\"").append(r[0]).append("\"}}\n")
                    .append(Bench.JSON.writeValueAsString(Map.of("id", r[0], "title", "Meldung " + r[0], "text", r[1]))).append('\n');
        }
        for (int i = 0; i < 2; i++) {
            b.es("DELETE", "/" + indices[i], null);
            create(b, indices[i], settings, i == 0 ? before : after);
            b.es("POST", "/" + indices[i] + "/_bulk?refresh=true", bulk.toString());
        }
        Map<String, double[][]> sums = new TreeMap<>();
        for (String[] row : queries) {
            Set<String> relevant = row.length < 3 || row[2].isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(row[2].split(" ")));
            double[][] s = sums.computeIfAbsent(row[0], k -> new double[2][3]);
            for (int i = 0; i < 2; i++) {
                String query = row[1].startsWith("name:") ? nameQuery(row[1].substring(5).replace("\"", ""), i == 1)
                        : wordQuery(row[1], i == 1);
                JsonNode hits = Bench.JSON.readTree(b.es("POST", "/" + indices[i] + "/_search", query).body()).get("hits").get("hits");
                long found = 0;
                for (JsonNode h : hits) {
                    found += relevant.contains(h.get("_id").asString()) ? 1 : 0;
                }
                s[i][0] += relevant.isEmpty() ? 1 : (double) found / Math.min(10, relevant.size());
                s[i][1] += hits.isEmpty() ? (relevant.isEmpty() ? 1 : 0) : (double) found / hits.size();
                s[i][2]++;
            }
        }
        System.out.printf(Locale.ROOT, "Judged query set (%d reports, %d queries): recall@10 / precision@10 per class%n",
                reports.size(), queries.size());
        Bench.row("class", "queries", "before (mapping v2)", "after (parts + names)");
        sums.forEach((cls, s) -> Bench.row(cls, String.valueOf((int) s[0][2]),
                String.format(Locale.ROOT, "%.3f / %.3f", s[0][0] / s[0][2], s[0][1] / s[0][2]),
                String.format(Locale.ROOT, "%.3f / %.3f", s[1][0] / s[1][2], s[1][1] / s[1][2])));
        for (String index : indices) {
            b.es("DELETE", "/" + index, null);
        }
    }

    /** A word query as the query language builds it: before on title and text, after also on the parts fields. */
    static String wordQuery(String words, boolean after) {
        String fields = after ? "[\"title^2\",\"text\",\"title.parts^1\",\"text.parts^0.5\"]" : "[\"title^2\",\"text\"]";
        String matched = after ? ",\"matched_fields\":[\"text\",\"text.parts\",\"text.names\"]" : "";
        return "{\"size\":10,\"track_total_hits\":true,\"query\":{\"multi_match\":{\"query\":" + Bench.JSON.writeValueAsString(words)
                + ",\"fields\":" + fields + ",\"operator\":\"and\"}},\"_source\":[\"id\",\"title\"],"
                + "\"highlight\":{\"fields\":{\"text\":{\"fragment_size\":160,\"number_of_fragments\":1" + matched + "}}}}";
    }

    /** A name: before as a phrase (what an analyst could do), after as the query language's name: form. */
    static String nameQuery(String name, boolean after) {
        String n = Bench.JSON.writeValueAsString(name);
        String written = "{\"multi_match\":{\"query\":" + n + ",\"type\":\"phrase\",\"slop\":2,\"fields\":[\"title^2\",\"text\"]}}";
        String query = after ? "{\"bool\":{\"must\":{\"multi_match\":{\"query\":" + n + ",\"type\":\"phrase\",\"slop\":2,"
                + "\"fields\":[\"title.names\",\"text.names\"]}},\"should\":" + written.replace("}}", ",\"boost\":2}}") + "}}" : written;
        String matched = after ? ",\"matched_fields\":[\"text\",\"text.parts\",\"text.names\"]" : "";
        return "{\"size\":10,\"track_total_hits\":true,\"query\":" + query + ",\"_source\":[\"id\",\"title\"],"
                + "\"highlight\":{\"fields\":{\"text\":{\"fragment_size\":160,\"number_of_fragments\":1" + matched + "}}}}";
    }

    static long[][] time(Bench b, List<String[]> queries, int requests) throws Exception {
        long[][] t = new long[2][requests];
        for (int i = 0; i < queries.size(); i++) {
            for (int k = 0; k < 2; k++) {
                int which = (i + k) % 2;
                long start = System.nanoTime();
                HttpResponse<String> r = b.es("POST", "/" + (which == 0 ? BEFORE : AFTER) + "/_search", queries.get(i)[which]);
                long ns = System.nanoTime() - start;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("search failed: " + r.body());
                }
                if (i >= 50) {
                    t[which][i - 50] = ns;
                }
            }
        }
        return t;
    }

    static String bulk(Random random, int from, int to) {
        StringBuilder bulk = new StringBuilder();
        for (int i = from; i < to; i++) {
            String id = new UUID(42, i).toString();
            ReportDocument doc = new ReportDocument(id, "BKA", "AZ-" + i,
                    WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " " + i,
                    Corpus.text(random, 1200, "synth" + i), "CYBER", "VS-NFD", 1, List.of("ALL"), "H0", null, "FULL", "OPEN",
                    "2030-01-01", LocalDate.of(2024, 1, 1).plusDays(random.nextInt(1000)) + "T10:00:00Z", "de", List.of(), false);
            bulk.append("{\"index\":{\"_id\":\"").append(id).append("\"}}\n").append(Bench.JSON.writeValueAsString(doc)).append('\n');
        }
        return bulk.toString();
    }

    static void create(Bench b, String index, String settings, String mapping) throws Exception {
        String body = "{\"settings\":" + settings + ",\"mappings\":" + mapping + "}";
        HttpResponse<String> r = b.es("PUT", "/" + index, body);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("creating " + index + " failed: " + r.body());
        }
    }

    static long storeBytes(Bench b, String index) throws Exception {
        return Bench.JSON.readTree(b.es("GET", "/" + index + "/_stats/store", null).body())
                .get("_all").get("primaries").get("store").get("size_in_bytes").asLong();
    }

    static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.0f MB", bytes / 1e6);
    }


    static List<String[]> rows(Path file) throws Exception {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && !line.isBlank()) {
                rows.add(line.split("\t"));
            }
        }
        return rows;
    }
}
