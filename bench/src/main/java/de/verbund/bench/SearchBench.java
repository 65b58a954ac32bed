package de.verbund.bench;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import de.verbund.access.label.Authority;
import de.verbund.ingest.index.ReportDocument;
import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

/**
 * Search figures of the need-to-know issue. Loads N synthetic German reports with random labels (reproducible from
 * the seed) straight into the hub's index, then measures {@code POST /api/v1/search} through the whole stack
 * (token validation, grants, policy filter, audit write, Elasticsearch) against the same query sent straight to
 * Elasticsearch without any access filter. Usage: bench/run.sh search [docs=1000000] [load=true] [requests=500]
 * Afterwards deploy/local/rebuild-index.sh restores the index from PostgreSQL (removes the synthetic reports).
 */
public final class SearchBench {

    static final String[] WORDS = {"Phishing", "Ransomware", "Botnetz", "Überweisung", "Kryptowährung", "Darknet",
            "Flugblatt", "Versammlung", "Messenger", "Zahlung", "Server", "Sparkasse", "Erpressung", "Hinweis",
            "Ermittlungen", "Durchsuchung", "Anruf", "Konto", "Zeugin", "Rechenzentrum"};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int docs = Integer.parseInt(a.getOrDefault("docs", "1000000"));
        boolean load = Boolean.parseBoolean(a.getOrDefault("load", "true"));
        int requests = Integer.parseInt(a.getOrDefault("requests", "500"));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        Bench b = new Bench();
        if (load) {
            load(b, docs, seed);
        }
        TokenSource tokens = b.user("analyst-nw");
        Random random = new Random(seed + 1);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < requests + 100; i++) {
            queries.add(WORDS[random.nextInt(WORDS.length)] + (random.nextBoolean() ? " " + WORDS[random.nextInt(WORDS.length)] : ""));
        }
        long[] raw = new long[requests];
        long[] hub = new long[requests];
        long hubTotal = 0;
        long rawTotal = 0;
        for (int i = 0; i < requests + 100; i++) {
            String q = queries.get(i);
            long t = System.nanoTime();
            HttpResponse<String> r = b.es("POST", "/verbund-reports/_search", rawQuery(q));
            long rawNs = System.nanoTime() - t;
            if (r.statusCode() != 200) {
                throw new IllegalStateException("raw search failed: " + r.statusCode());
            }
            t = System.nanoTime();
            VerbundClient.Response h = b.client.search(tokens.get(), Map.of("query", q,
                    "purpose", "Benchmark", "caseReference", "NW-BENCH-1", "size", 20));
            long hubNs = System.nanoTime() - t;
            if (h.status() != 200) {
                throw new IllegalStateException("hub search failed: " + h.status() + " " + h.body());
            }
            if (i >= 100) {
                raw[i - 100] = rawNs;
                hub[i - 100] = hubNs;
                rawTotal += Bench.JSON.readTree(r.body()).get("hits").get("total").get("value").asLong();
                hubTotal += Bench.JSON.readTree(h.body()).get("total").asLong();
            }
        }
        Arrays.sort(raw);
        Arrays.sort(hub);
        double rawQps = throughput(b, queries, false, tokens);
        double hubQps = throughput(b, queries, true, tokens);
        long count = b.esCount("verbund-reports", "*");
        System.out.println();
        System.out.println("index: " + docs + " synthetic reports loaded this run (" + load + "); " + requests
                + " queries after 100 warm-up, one client, then 4 clients for 20 s; user analyst-nw (LKA-NW, VS-VERTRAULICH, CYBER+PMK_RECHTS)");
        Bench.row("measure", "raw Elasticsearch, no filter", "hub, whole stack", "difference", "goal");
        Bench.row("---", "---", "---", "---", "---");
        Bench.row("p50 latency", ms(raw[raw.length / 2]), ms(hub[hub.length / 2]),
                "+" + ms(hub[hub.length / 2] - raw[raw.length / 2]), "≤ +5 ms");
        Bench.row("p99 latency", ms(raw[(int) (raw.length * 0.99)]), ms(hub[(int) (hub.length * 0.99)]),
                Bench.f((double) hub[(int) (hub.length * 0.99)] / raw[(int) (raw.length * 0.99)]) + "×", "≤ 1.5×");
        Bench.row("throughput, 4 clients", Bench.f(rawQps) + " q/s", Bench.f(hubQps) + " q/s",
                Bench.f(100 * hubQps / rawQps) + " %", "");
        Bench.row("mean hits per query", Bench.f((double) rawTotal / requests) + " (all reports)",
                Bench.f((double) hubTotal / requests) + " (readable only)", "", "");
        if (count < 0) {
            System.out.println("(count unavailable)");
        }
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    static String rawQuery(String q) {
        return "{\"size\":20,\"track_total_hits\":true,\"query\":{\"multi_match\":{\"query\":" + Bench.JSON.writeValueAsString(q)
                + ",\"fields\":[\"title^2\",\"text\"],\"operator\":\"and\"}},"
                + "\"_source\":[\"id\",\"title\",\"originator\",\"classification\",\"phenomenonArea\",\"submittedAt\"],"
                + "\"highlight\":{\"fields\":{\"text\":{\"fragment_size\":160,\"number_of_fragments\":1}}},"
                + "\"aggs\":{\"originator\":{\"terms\":{\"field\":\"originator\",\"size\":20}},"
                + "\"phenomenonArea\":{\"terms\":{\"field\":\"phenomenonArea\",\"size\":10}},"
                + "\"classification\":{\"terms\":{\"field\":\"classification\",\"size\":10}},"
                + "\"month\":{\"date_histogram\":{\"field\":\"submittedAt\",\"calendar_interval\":\"month\",\"min_doc_count\":1}}},"
                + "\"sort\":[{\"_score\":\"desc\"},{\"submittedAt\":\"desc\"},{\"id\":\"asc\"}]}";
    }

    static double throughput(Bench b, List<String> queries, boolean viaHub, TokenSource tokens) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        IngestBench.submitAll(4, 4, t -> {
            int i = t;
            while (System.nanoTime() < end) {
                String q = queries.get(i++ % queries.size());
                if (viaHub) {
                    b.client.search(tokens.get(), Map.of("query", q,
                            "purpose", "Benchmark", "caseReference", "NW-BENCH-1", "size", 20));
                } else {
                    b.es("POST", "/verbund-reports/_search", rawQuery(q));
                }
                done.incrementAndGet();
            }
        });
        return done.get() / 20.0;
    }

    static void load(Bench b, int docs, long seed) throws Exception {
        Random random = new Random(seed);
        List<String> police = new ArrayList<>(Authority.policeCodes());
        String[] areas = {"CYBER", "PMK_RECHTS", "PMK_LINKS", "PMK_AUSL", "PMK_RELIG", "PMK_SONST"};
        String[] classes = {"OFFEN", "VS-NFD", "VS-VERTRAULICH", "GEHEIM"};
        long t0 = System.nanoTime();
        int batch = 2000;
        List<String> bodies = new ArrayList<>();
        AtomicLong loaded = new AtomicLong();
        for (int from = 0; from < docs; from += batch) {
            StringBuilder bulk = new StringBuilder();
            for (int i = from; i < Math.min(docs, from + batch); i++) {
                String id = new UUID(seed, i).toString();
                int cls = random.nextInt(4);
                List<String> releasable = random.nextInt(3) == 0 ? List.of("ALL")
                        : List.of(police.get(random.nextInt(police.size())), police.get(random.nextInt(police.size())));
                // the hub's own index document (arguments in the order the seeded corpus draws them)
                ReportDocument doc = new ReportDocument(id, police.get(random.nextInt(police.size())), "AZ-" + i,
                        WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " " + i,
                        Corpus.text(random, 1200, "synth" + i), areas[random.nextInt(areas.length)], classes[cls], cls,
                        releasable, "H" + random.nextInt(3), null, random.nextInt(4) == 0 ? "HIT_ONLY" : "FULL",
                        random.nextBoolean() ? "OPEN" : "COVERT", LocalDate.of(2030, 1, 1).toString(),
                        LocalDate.of(2024, 1, 1).plusDays(random.nextInt(1000)) + "T10:00:00Z", "de",
                        SelectorBench.selectorsOf(random), false);
                bulk.append("{\"index\":{\"_id\":\"").append(id).append("\"}}\n").append(Bench.JSON.writeValueAsString(doc)).append('\n');
            }
            bodies.add(bulk.toString());
            if (bodies.size() == 2 || from + batch >= docs) {
                List<String> send = new ArrayList<>(bodies);
                bodies.clear();
                IngestBench.submitAll(send.size(), send.size(), k -> {
                    HttpResponse<String> r = b.es("POST", "/verbund-reports/_bulk", send.get(k));
                    if (r.statusCode() != 200 || Bench.JSON.readTree(r.body()).get("errors").asBoolean()) {
                        throw new IllegalStateException("bulk failed: " + r.statusCode());
                    }
                    loaded.addAndGet(batch);
                });
                if ((from / batch) % 50 == 0) {
                    System.out.printf(Locale.ROOT, "loaded %d of %d (%.0f docs/s)%n", Math.min(loaded.get(), docs), docs,
                            loaded.get() / ((System.nanoTime() - t0) / 1e9));
                }
            }
        }
        b.es("POST", "/verbund-reports/_refresh", null);
        b.es("POST", "/verbund-reports/_forcemerge?max_num_segments=5", null);
        System.out.printf(Locale.ROOT, "loaded %d synthetic reports in %.0f s%n", docs, (System.nanoTime() - t0) / 1e9);
    }
}
