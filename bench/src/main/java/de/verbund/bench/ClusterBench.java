package de.verbund.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

/**
 * Two hub instances behind HAProxy against one instance called directly, on the three-node cluster of
 * deploy/local/cluster.sh, in the same run: search latency of one analyst (alternating per query, so both see the same
 * load), and selector checks per second with four clients. On two cores the sum cannot grow; the figures show what
 * the extra hop costs and that nothing falls apart with two instances. Loopback only; bounded in count and time.
 *
 * <p>Usage: {@code bench/run.sh cluster [requests=300] [seconds=30] [seed=2000]} with the cluster's quotas off.
 */
public final class ClusterBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int requests = Integer.parseInt(a.getOrDefault("requests", "300"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "30"));
        int seed = Integer.parseInt(a.getOrDefault("seed", "2000"));
        String issuer = Bench.env("VERBUND_ISSUER", "http://localhost:8180/realms/verbund");
        String lb = Bench.env("VERBUND_CLUSTER_URL", "http://127.0.0.1:8090");
        String one = Bench.env("VERBUND_CLUSTER_HUBS", "http://127.0.0.1:8091").split(",")[0];
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build();
        VerbundClient viaLb = new VerbundClient(lb, http, Duration.ofSeconds(30));
        VerbundClient direct = new VerbundClient(one, http, Duration.ofSeconds(30));
        TokenSource analyst = TokenSource.password(issuer, "verbund-cli", "analyst-bka", "verbund-demo");
        TokenSource submitter = TokenSource.clientCredentials(issuer, "verbund-submitter-bka", "demo-secret-not-for-production");

        List<String> words = List.of("Ermittlungen", "Hinweisgeber", "Tätergruppe", "Überweisungen", "Konten", "München",
                "Düsseldorf", "Bahnhof", "Hauptstraße", "verdächtige", "bestätigte", "übermittelte", "sicherte", "prüfte");
        java.util.Random random = new java.util.Random(42);
        System.out.printf("seeding %d reports through the load balancer%n", seed);
        for (int done = 0; done < seed; done += 100) {
            List<VerbundClient.File> files = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                StringBuilder text = new StringBuilder("Clusterlage " + (done + i) + " ")
                        .append(Corpus.text(random, 1500, "cluster" + (done + i)))
                        .append(" Kontakt 198.51.100.").append((done + i) % 250 + 1);
                files.add(new VerbundClient.File("c" + (done + i) + ".txt",
                        text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            VerbundClient.Response r = viaLb.submitBatch(submitter.get(), files, Bench.labels("Cluster " + done));
            if (r.status() != 200) {
                throw new IllegalStateException("seeding failed: " + r.status() + " " + r.body());
            }
        }
        Thread.sleep(3_000);

        Map<String, Object> warm = query("Clusterlage");
        for (int i = 0; i < 50; i++) {
            viaLb.search(analyst.get(), warm);
            direct.search(analyst.get(), warm);
        }
        long[] lbMs = new long[requests];
        long[] directMs = new long[requests];
        for (int i = 0; i < requests; i++) {
            Map<String, Object> q = query(words.get((i * 37) % words.size()) + " " + words.get((i * 53 + 11) % words.size()));
            String token = analyst.get();
            long t = System.nanoTime();
            int s1 = viaLb.search(token, q).status();
            lbMs[i] = System.nanoTime() - t;
            t = System.nanoTime();
            int s2 = direct.search(token, q).status();
            directMs[i] = System.nanoTime() - t;
            if (s1 != 200 || s2 != 200) {
                throw new IllegalStateException("search failed: " + s1 + " / " + s2);
            }
        }
        // A B B A, so that neither side profits from warming up first
        double lbChecks = checksPerSecond(viaLb, analyst, seconds);
        double directChecks = checksPerSecond(direct, analyst, seconds);
        directChecks = (directChecks + checksPerSecond(direct, analyst, seconds)) / 2;
        lbChecks = (lbChecks + checksPerSecond(viaLb, analyst, seconds)) / 2;

        System.out.println();
        Bench.row("measure", "two instances behind HAProxy", "one instance, called directly", "ratio");
        Bench.row("---", "---", "---", "---");
        Bench.row("search p50 (1 client, " + requests + " alternating)", ms(lbMs, 50), ms(directMs, 50),
                Bench.f(pct(lbMs, 50) / pct(directMs, 50)) + "×");
        Bench.row("search p99", ms(lbMs, 99), ms(directMs, 99), Bench.f(pct(lbMs, 99) / pct(directMs, 99)) + "×");
        Bench.row("selector checks/s (4 clients, 2 × " + seconds + " s, A B B A, 20 selectors each)", Bench.f(lbChecks),
                Bench.f(directChecks), Bench.f(lbChecks / directChecks) + "×");
    }

    private static Map<String, Object> query(String q) {
        return Map.of("query", q, "purpose", "Clusterbenchmark", "caseReference", "BKA-BENCH-1");
    }

    private static double checksPerSecond(VerbundClient client, TokenSource analyst, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int clientNo = c;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1_000_000 && System.nanoTime() < end; i++) {
                    List<Map<String, String>> selectors = new ArrayList<>();
                    for (int s = 0; s < 20; s++) {
                        selectors.add(Map.of("type", "ip", "value", "198.51.100." + ((i * 20 + s + clientNo) % 250 + 1)));
                    }
                    if (client.checkSelectors(analyst.get(), Map.of("selectors", selectors, "purpose", "Clusterbenchmark",
                            "caseReference", "BKA-BENCH-1")).status() == 200) {
                        done.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / (double) seconds;
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    private static String ms(long[] nanos, int p) {
        return Bench.f(pct(nanos, p)) + " ms";
    }
}
