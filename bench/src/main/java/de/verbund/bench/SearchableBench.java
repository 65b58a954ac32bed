package de.verbund.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

import tools.jackson.databind.JsonNode;

/**
 * Time from a submission's acknowledgement until an analyst finds the report (performance issue: "the figure behind
 * faster interregional exchange"). A case system submits single reports ({@code POST /api/v1/reports}, one request
 * each) at a steady rate, open loop (the next one starts on schedule, not when the previous answered); analyst-nw
 * searches the run's word through {@code POST /api/v1/search} (newest first) in a loop and notes when each report
 * first appears. The figure per report is first seen − acknowledged, so it includes the analyst's own search
 * (resolution: one search, about its p50). Every acknowledged report must be found, or the run fails.
 * Usage: bench/run.sh searchable [rates=20,100] [seconds=30]
 */
public final class SearchableBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        Bench b = new Bench();
        TokenSource submitter = b.submitter();
        TokenSource analyst = b.user("analyst-nw");
        System.out.println("single submissions at a steady rate for " + seconds + " s each; analyst-nw searches the run's word in a loop");
        System.out.println();
        // warm-up, not counted: the first submissions pay for class loading, JIT and the parser processes
        run(b, submitter, analyst, 20, 5, false);
        Bench.row("rate", "acknowledged", "submission p50 / p99", "analyst's search p50", "ack → searchable p50", "p99", "max", "goal");
        Bench.row("---", "---", "---", "---", "---", "---", "---", "---");
        for (String rate : a.getOrDefault("rates", "20,100").split(",")) {
            run(b, submitter, analyst, Integer.parseInt(rate.trim()), seconds, true);
        }
    }

    private static void run(Bench b, TokenSource submitter, TokenSource analyst, int perSecond, int seconds, boolean print)
            throws Exception {
        String word = "sichtbar" + Long.toString(System.nanoTime(), 36);
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        List<Long> submitNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> searchNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        int total = perSecond * seconds;
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        Thread watcher = Thread.ofPlatform().name("watcher").start(() -> watch(b, analyst, word, acknowledged, seen, total, searchNanos));
        long start = System.nanoTime();
        try (ExecutorService submitters = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < total; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int n = i;
                submitters.submit(() -> {
                    byte[] text = Corpus.utf8("Bericht " + n + " zum Abgleich " + word + ": " + Corpus.texts(n, 1, 600, word).getFirst());
                    long s = System.nanoTime();
                    VerbundClient.Response r = b.client.submit(submitter.get(), new VerbundClient.File("bericht-" + n + ".txt", text),
                            Bench.labels("Sichtbarkeit " + n));
                    long ack = System.nanoTime();
                    submitNanos.add(ack - s);
                    if (r.status() == 201) {
                        acknowledged.put(r.json().get("id").asString(), ack);
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
        }
        watcher.join(TimeUnit.SECONDS.toMillis(60));
        watcher.interrupt();
        List<Long> latencies = new ArrayList<>();
        for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
            Long s = seen.get(e.getKey());
            if (s == null) {
                throw new IllegalStateException("report " + e.getKey() + " acknowledged but not found within 60 s");
            }
            latencies.add(Math.max(0, s - e.getValue()));
        }
        long[] l = latencies.stream().mapToLong(Long::longValue).toArray();
        long[] sub = submitNanos.stream().mapToLong(Long::longValue).toArray();
        long[] searches = searchNanos.stream().mapToLong(Long::longValue).toArray();
        if (!print) {
            return;
        }
        Bench.row(perSecond + " reports/s (" + seconds + " s)", acknowledged.size() + " of " + total + (failed.get() > 0 ? " (" + failed + " refused)" : ""),
                SearchBench.ms(Bench.percentile(sub, 50)) + " / " + SearchBench.ms(Bench.percentile(sub, 99)),
                SearchBench.ms(Bench.percentile(searches, 50)),
                SearchBench.ms(Bench.percentile(l, 50)), SearchBench.ms(Bench.percentile(l, 99)), SearchBench.ms(Bench.percentile(l, 100)),
                perSecond <= 20 ? "p99 ≤ 500 ms" : "p99 ≤ 1000 ms");
    }

    /** Searches the run's word (newest first) until every acknowledged report was seen once the submissions ended. */
    private static void watch(Bench b, TokenSource analyst, String word, Map<String, Long> acknowledged, Map<String, Long> seen,
                              int total, List<Long> searchNanos) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            long s = System.nanoTime();
            VerbundClient.Response r = b.client.search(analyst.get(), Map.of("query", word, "sort", "date", "size", 100,
                    "purpose", "Benchmark", "caseReference", "NW-BENCH-1"));
            long now = System.nanoTime();
            searchNanos.add(now - s);
            if (r.status() != 200) {
                throw new IllegalStateException("search answered " + r.status() + ": " + r.body());
            }
            // more reports can become visible at once than one page holds (one refresh), and one submitted a little
            // earlier can become visible after later ones: page on while a page brought a new report
            JsonNode page = r.json();
            for (int pages = 1; anyNew(page, seen, now) && page.hasNonNull("nextCursor") && pages < 30; pages++) {
                page = b.client.search(analyst.get(), Map.of("query", word, "sort", "date", "size", 100,
                        "cursor", page.get("nextCursor").asString(), "purpose", "Benchmark", "caseReference", "NW-BENCH-1")).json();
            }
            if (seen.size() >= total || (r.json().get("total").asLong() >= total && seen.keySet().containsAll(acknowledged.keySet()))) {
                return;
            }
        }
    }

    /** Notes each hit's first sighting; whether any of the page's hits had not been seen before. */
    private static boolean anyNew(JsonNode page, Map<String, Long> seen, long now) {
        boolean anyNew = false;
        for (JsonNode hit : page.get("hits")) {
            anyNew |= seen.putIfAbsent(hit.get("id").asString(), now) == null;
        }
        return anyNew;
    }
}
