package de.verbund.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

/**
 * Selector-check figures of the exchange issue. The synthetic reports of {@link SearchBench} carry an IP address, a
 * phone number and an e-mail address from pools of about a million values each (so a pool value occurs in ~0.6 of
 * a million reports on average, about 63 % of pool values occur at all) and, in one report of five, one of 50
 * "hot" domains (~4,000 reports each). Each check mixes pool values written as an analyst would type them with values
 * that occur nowhere, and 1 % hot domains. Measured: {@code POST /api/v1/selectors/check} through the whole stack
 * (token, normalisation, look-up, references, notifications, audit) against the identical {@code _msearch} that the
 * hub's {@code SelectorLookup} sends, posted straight to Elasticsearch.
 * Usage: bench/run.sh selectors [docs=1000000] [load=false] [rounds=100]
 */
public final class SelectorBench {

    static final int POOL = 1 << 20;
    static final int CHUNK = 100;

    /** The selectors of one synthetic report (normalised keys, as the ingest would store them). */
    static List<String> selectorsOf(Random random) {
        List<String> keys = new ArrayList<>(List.of(ipKey(random.nextInt(POOL)), phoneKey(random.nextInt(POOL)),
                emailKey(random.nextInt(POOL))));
        if (random.nextInt(5) == 0) {
            keys.add("domain:hot" + random.nextInt(50) + ".example.org");
        }
        return keys;
    }

    static String ipKey(int n) {
        return "ip:10." + (n >> 16) + "." + ((n >> 8) & 255) + "." + (n & 255);
    }

    static String phoneKey(int n) {
        return "phone:+4930" + (20_000_000 + n);
    }

    static String emailKey(int n) {
        return "email:nutzer" + n + "@example-mail.de";
    }

    record Check(List<Map<String, String>> typed, List<String> keys) {}

    static Check check(Random random, int size) {
        List<Map<String, String>> typed = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int n = random.nextBoolean() ? random.nextInt(POOL) : POOL + random.nextInt(POOL); // half from the pools
            if (random.nextInt(100) == 0) {
                int hot = random.nextInt(50);
                typed.add(Map.of("type", "domain", "value", "HOT" + hot + ".example.org."));
                keys.add("domain:hot" + hot + ".example.org");
                continue;
            }
            switch (random.nextInt(3)) {
                case 0 -> {
                    String ip = ipKey(n).substring(3);
                    typed.add(Map.of("type", "ip", "value", ip));
                    keys.add("ip:" + ip);
                }
                case 1 -> {
                    typed.add(Map.of("type", "phone", "value", "030 / " + (20_000_000 + n)));
                    keys.add(phoneKey(n));
                }
                default -> {
                    typed.add(Map.of("type", "email", "value", "Nutzer" + n + "@Example-Mail.DE"));
                    keys.add(emailKey(n));
                }
            }
        }
        return new Check(typed, keys.stream().distinct().toList());
    }

    /** The request of {@code de.verbund.exchange.SelectorLookup}, written out. */
    static String msearch(List<String> keys, int clearanceLevel) {
        StringBuilder body = new StringBuilder();
        for (int from = 0; from < keys.size(); from += CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
            StringBuilder filters = new StringBuilder();
            for (String key : chunk) {
                String k = Bench.JSON.writeValueAsString(key);
                filters.append(filters.isEmpty() ? "" : ",").append(k).append(":{\"term\":{\"selectors\":{\"value\":")
                        .append(k).append("}}}");
            }
            body.append("{\"index\":\"verbund-reports\"}\n")
                    // the hub's look-up: these selectors in unrestricted reports
                    .append("{\"size\":0,\"track_total_hits\":false,\"query\":{\"bool\":{\"filter\":[{\"terms\":{\"selectors\":")
                    .append(Bench.JSON.writeValueAsString(chunk)).append("}},{\"term\":{\"restricted\":false}}]}},\"aggs\":{\"selector\":{\"filters\":{\"filters\":{")
                    .append(filters).append("}},\"aggs\":{\"originator\":{\"terms\":{\"field\":\"originator\",\"size\":40},")
                    .append("\"aggs\":{\"level\":{\"terms\":{\"field\":\"classificationLevel\",\"size\":4}}}}}}}}\n");
        }
        return body.toString();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int docs = Integer.parseInt(a.getOrDefault("docs", "1000000"));
        boolean load = Boolean.parseBoolean(a.getOrDefault("load", "false"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "100"));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        Bench b = new Bench();
        if (load) {
            SearchBench.load(b, docs, seed);
        }
        long indexed = Bench.JSON.readTree(b.es("GET", "/verbund-reports/_count", null).body()).get("count").asLong();
        TokenSource tokens = b.user("analyst-nw");
        int level = 2; // analyst-nw: VS-VERTRAULICH
        Random random = new Random(seed + 7);
        System.out.println("index: " + indexed + " reports; user analyst-nw (VS-VERTRAULICH); " + rounds
                + " checks per batch size after 10 warm-up checks, alternating hub and raw");
        Bench.row("selectors per check", "raw _msearch p50", "hub p50", "raw p99", "hub p99", "hub − raw p50",
                "selectors with hits (hub)", "goal");
        Bench.row("---", "---", "---", "---", "---", "---", "---", "---");
        for (int size : new int[] {1, 100, 1000}) {
            long[] raw = new long[rounds];
            long[] hub = new long[rounds];
            long withHits = 0;
            for (int i = 0; i < rounds + 10; i++) {
                Check c = check(random, size);
                long t = System.nanoTime();
                HttpResponse<String> r = b.es("POST", "/_msearch", msearch(c.keys(), level));
                long rawNs = System.nanoTime() - t;
                if (r.statusCode() != 200 || r.body().contains("\"error\"")) {
                    throw new IllegalStateException("raw msearch failed: " + r.statusCode() + " " + r.body());
                }
                t = System.nanoTime();
                VerbundClient.Response h = hubCheck(b, tokens.get(), c);
                long hubNs = System.nanoTime() - t;
                if (h.status() != 200) {
                    throw new IllegalStateException("hub check failed: " + h.status() + " " + h.body());
                }
                if (i >= 10) {
                    raw[i - 10] = rawNs;
                    hub[i - 10] = hubNs;
                    withHits += Bench.JSON.readTree(h.body()).get("withHits").asLong();
                }
            }
            Arrays.sort(raw);
            Arrays.sort(hub);
            Bench.row(String.valueOf(size), SearchBench.ms(raw[rounds / 2]), SearchBench.ms(hub[rounds / 2]),
                    SearchBench.ms(raw[(int) (rounds * 0.99)]), SearchBench.ms(hub[(int) (rounds * 0.99)]),
                    "+" + SearchBench.ms(hub[rounds / 2] - raw[rounds / 2]),
                    Bench.f((double) withHits / rounds) + " of " + size,
                    size == 1000 ? "hub p50 ≤ 200 ms" : "");
        }
        System.out.println();
        Bench.row("sustained, 4 clients, 100 selectors per check, 20 s", "raw _msearch", "hub", "ratio");
        Bench.row("---", "---", "---", "---");
        // a hub answers checks all day: 10 s of each side first, so the JIT has compiled what the hub runs
        sustained(b, tokens, random, false, 0, 10);
        sustained(b, tokens, random, true, 0, 10);
        // every check new, as analysts' checks are; then the earlier form, 200 checks over and over, which
        // Elasticsearch's shard request cache answers from memory after the first round (size-0 requests)
        for (int distinct : new int[] {0, 200}) {
            double rawRate = sustained(b, tokens, random, false, distinct, 20);
            double hubRate = sustained(b, tokens, random, true, distinct, 20);
            Bench.row("checks/s (selectors/s), " + (distinct == 0 ? "every check new" : "200 checks repeated"),
                    Bench.f(rawRate) + " (" + Bench.f(rawRate * 100) + ")",
                    Bench.f(hubRate) + " (" + Bench.f(hubRate * 100) + ")", Bench.f(100 * hubRate / rawRate) + " %");
        }
    }

    static VerbundClient.Response hubCheck(Bench b, String token, Check c) {
        return b.client.checkSelectors(token, Map.of("selectors", c.typed(), "purpose", "Benchmark",
                "caseReference", "NW-BENCH-2"));
    }

    /**
     * @param distinct how many checks to cycle through; 0: every check is new, drawn from the same pools with a seed
     *        of its own per call, so that neither side finds the other's answers in the request cache
     */
    static double sustained(Bench b, TokenSource tokens, Random seedRandom, boolean viaHub, int distinct, int seconds)
            throws Exception {
        List<Check> checks = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            checks.add(check(seedRandom, 100));
        }
        long seed = seedRandom.nextLong();
        AtomicLong done = new AtomicLong();
        AtomicLong next = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        IngestBench.submitAll(4, 4, t -> {
            Random own = new Random(seed + t);
            while (System.nanoTime() < end) {
                Check c = distinct == 0 ? check(own, 100) : checks.get((int) (next.getAndIncrement() % distinct));
                int status = viaHub ? hubCheck(b, tokens.get(), c).status()
                        : b.es("POST", "/_msearch", msearch(c.keys(), 2)).statusCode();
                if (status != 200) {
                    throw new IllegalStateException("check failed: " + status);
                }
                done.incrementAndGet();
            }
        });
        return done.get() / (double) seconds;
    }
}
