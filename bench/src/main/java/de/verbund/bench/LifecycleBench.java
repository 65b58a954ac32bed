package de.verbund.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import de.verbund.access.label.Authority;
import de.verbund.access.policy.AccessFilter;
import de.verbund.access.policy.ReportId;
import de.verbund.access.subject.Subject;
import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;
import de.verbund.ingest.crypto.DataKey;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.SealedField;
import de.verbund.ingest.crypto.Vault;
import de.verbund.search.query.QueryLanguage;

import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;

/**
 * Figures of the lifecycle issue, each against its baseline in the same run:
 * <ol>
 *   <li>sealing at ingest: the AES-GCM sealing of text and normalised form per report (in process) against the time
 *       one report takes through the hub's ingest (the 10,000 reports of step 3, submitted in batches);</li>
 *   <li>sealing on reads: {@code GET /api/v1/reports/{id}} of the same reports, alternating sealed (data key from
 *       the vault header through the token, AES-GCM open) and the row as stored before sealing (clear columns),
 *       restored after each pair;</li>
 *   <li>erasure of 10,000 reports through the API: reports per second until none of them is searchable, and until
 *       the vault space is reclaimed (admin compaction);</li>
 *   <li>search p50/p99 with and without the restriction clause in the hub's filter, alternating, straight to
 *       Elasticsearch (the hub adds the same on both), on the loaded index (1M with {@code load=true}).</li>
 * </ol>
 * Start the hub with the quotas off and {@code VERBUND_COMPACTION_QUIET=0s} (compaction right after the erasure).
 * Usage: bench/run.sh lifecycle [reports=10000] [reads=400] [load=false] [docs=1000000] [requests=300]
 */
public final class LifecycleBench {

    private static final Jackson3JsonpMapper MAPPER = new Jackson3JsonpMapper();

    private LifecycleBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int reports = Integer.parseInt(a.getOrDefault("reports", "10000"));
        int reads = Integer.parseInt(a.getOrDefault("reads", "400"));
        boolean load = Boolean.parseBoolean(a.getOrDefault("load", "false"));
        int docs = Integer.parseInt(a.getOrDefault("docs", "1000000"));
        int requests = Integer.parseInt(a.getOrDefault("requests", "300"));
        Bench b = new Bench();
        String run = "lifecyclerun" + Long.toString(System.currentTimeMillis(), 36);
        System.out.println("run " + run + ": " + reports + " text reports (~2.3 KB), " + reads + " read pairs, "
                + Runtime.getRuntime().availableProcessors() + " cores");

        if (reports == 0) { // only the restriction clause (step 4), e.g. on a freshly loaded million
            restrictionClause(b, load, docs, requests);
            return;
        }
        // 3a. ingest of the reports to erase later (their rate is the baseline of step 1)
        List<String> texts = Corpus.texts(7, reports, 2300, run);
        TokenSource submitter = b.submitter();
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int from = 0; from < reports; from += 100) {
                int start = from;
                futures.add(pool.submit(() -> {
                    List<String> names = new ArrayList<>();
                    List<byte[]> files = new ArrayList<>();
                    for (int i = start; i < Math.min(reports, start + 100); i++) {
                        names.add("r" + i + ".txt");
                        files.add((texts.get(i) + " " + run).getBytes(StandardCharsets.UTF_8));
                    }
                    VerbundClient.Response r = b.submitBatch(submitter.get(), names, files, Bench.labels("Lebenszyklus " + run));
                    if (r.status() != 200) {
                        throw new IllegalStateException("batch refused: " + r.status() + " " + r.body());
                    }
                    r.json().path("results").forEach(x -> ids.add(x.path("id").asString()));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double ingestSeconds = (System.nanoTime() - t0) / 1e9;
        double msPerReport = ingestSeconds * 1000 / reports;
        TokenSource analyst = b.user("analyst-bka");
        awaitTotal(b, analyst, run, reports, 600);

        // 1. sealing cost per report, in process
        double sealMicros = sealMicros(texts.get(0), 20_000);

        // 2. reads: sealed vs clear, alternating on the same reports
        long[] sealed = new long[reads];
        long[] clear = new long[reads];
        Random random = new Random(7);
        try (Connection db = DriverManager.getConnection(Bench.env("VERBUND_PG_URL", ""),
                Bench.env("VERBUND_PG_OWNER_USER", "verbund_owner"), Bench.env("VERBUND_PG_OWNER_PASSWORD", ""))) {
            for (int i = -50; i < reads; i++) {
                String id = ids.get(random.nextInt(ids.size()));
                long s = timedRead(b, analyst, id);
                VerbundClient.Response view = b.client.get(analyst.get(), "/api/v1/reports/" + id
                        + "?purpose=Benchmark&caseReference=BENCH-1");
                byte[][] kept = unseal(db, id, view.json().path("text").asString(),
                        Bench.JSON.writeValueAsString(view.json().path("normalised")));
                long c;
                try {
                    c = timedRead(b, analyst, id);
                } finally {
                    restore(db, id, kept);
                }
                if (i >= 0) {
                    sealed[i] = s;
                    clear[i] = c;
                }
            }
        }
        Arrays.sort(sealed);
        Arrays.sort(clear);

        // 5. key rotation of the submitting authority: every data key re-wrapped (the reports above included)
        String admin = b.user("admin-ops").get();
        VerbundClient.Response rotation = b.client.post(admin, "/api/v1/admin/keys/BKA/rotation", "{}");
        if (rotation.status() != 200) {
            throw new IllegalStateException("rotation refused: " + rotation.status() + " " + rotation.body());
        }
        int toVersion = rotation.json().path("toVersion").asInt();
        long r0 = System.nanoTime();
        tools.jackson.databind.JsonNode rotated = null;
        while (rotated == null) {
            for (tools.jackson.databind.JsonNode each : b.client.get(b.user("admin-ops").get(), "/api/v1/admin/keys/rotations").json()) {
                if (each.path("authority").asString().equals("BKA") && each.path("toVersion").asInt() == toVersion
                        && !each.path("finishedAt").isNull()) {
                    rotated = each;
                }
            }
            if (System.nanoTime() - r0 > 1_800_000_000_000L) {
                throw new IllegalStateException("rotation did not finish within 30 min");
            }
            Thread.sleep(500);
        }
        double rotationSeconds = (System.nanoTime() - r0) / 1e9;
        long rewrapped = rotated.path("rewrapped").asLong();
        VerbundClient.Response destroyedOld = b.client.post(b.user("admin-ops").get(), "/api/v1/admin/keys/BKA/destruction", "{}");
        // every report of the run still opens after the older versions are gone
        for (int i = 0; i < 20; i++) {
            timedRead(b, analyst, ids.get(random.nextInt(ids.size())));
        }

        // 3b. erasure of all of them
        TokenSource approver = b.user("approver-bka");
        AtomicInteger erased = new AtomicInteger();
        long e0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = offset; i < ids.size(); i += 4) {
                        VerbundClient.Response r = b.client.post(approver.get(), "/api/v1/reports/" + ids.get(i)
                                + "/erasure", "{\"reason\":\"Benchmark: Aussonderung\"}");
                        if (r.status() != 200 || !r.json().path("shredded").asBoolean()) {
                            throw new IllegalStateException("erasure refused: " + r.status() + " " + r.body());
                        }
                        erased.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double erasedSeconds = (System.nanoTime() - e0) / 1e9;
        awaitTotal(b, analyst, run, 0, 600);
        double unsearchableSeconds = (System.nanoTime() - e0) / 1e9;
        VerbundClient.Response compacted = b.client.post(b.user("admin-ops").get(), "/api/v1/admin/vault/compaction", "{}");
        double reclaimedSeconds = (System.nanoTime() - e0) / 1e9;
        if (compacted.status() != 200) {
            throw new IllegalStateException("compaction refused: " + compacted.status() + " " + compacted.body());
        }

        System.out.println();
        Bench.row("measure", "baseline (same run)", "with the lifecycle", "difference", "goal");
        Bench.row("---", "---", "---", "---", "---");
        Bench.row("ingest: time per report (batches of 100, 4 clients) vs sealing text + normalised form",
                Bench.f(msPerReport) + " ms per report (" + Bench.f(reports / ingestSeconds) + " reports/s)",
                String.format(java.util.Locale.ROOT, "%.1f µs sealing", sealMicros),
                String.format(java.util.Locale.ROOT, "+%.2f %%", sealMicros / 10 / msPerReport), "measure");
        Bench.row("read of one report p50 / p99: clear row (as before) vs sealed",
                ms(clear[reads / 2]) + " / " + ms(clear[reads * 99 / 100]),
                ms(sealed[reads / 2]) + " / " + ms(sealed[reads * 99 / 100]),
                "+" + ms(sealed[reads / 2] - clear[reads / 2]) + " p50", "measure");
        Bench.row("key rotation of BKA: data keys re-wrapped in the background (own files and packs)",
                "–", rewrapped + " in " + Bench.f(rotationSeconds) + " s = " + Bench.f(rewrapped / rotationSeconds)
                        + " keys/s (polled every 0.5 s); older versions destroyed: " + destroyedOld.status(), "–", "measure");
        Bench.row("erasure of " + reports + " reports through the API (4 clients)",
                "–", Bench.f(reports / erasedSeconds) + " reports/s erased (key destroyed); "
                        + Bench.f(reports / unsearchableSeconds) + " reports/s until none searchable ("
                        + Bench.f(unsearchableSeconds) + " s)", "–", "measure");
        Bench.row("vault space reclaimed (admin compaction after the erasure)",
                compacted.json().path("bytesBefore").asLong() / 1024 + " KiB in " + compacted.json().path("packs").asInt()
                        + " packs", compacted.json().path("bytesAfter").asLong() / 1024 + " KiB after, "
                        + Bench.f(reports / reclaimedSeconds) + " reports/s until reclaimed (" + Bench.f(reclaimedSeconds)
                        + " s)", "–", "measure");
        restrictionClause(b, load, docs, requests);
    }

    /** Step 4: search p50/p99 with and without the restriction clause, alternating, straight to Elasticsearch. */
    static void restrictionClause(Bench b, boolean load, int docs, int requests) throws Exception {
        if (load) {
            SearchBench.load(b, docs, 42);
        }
        TokenSource nw = b.user("analyst-nw");
        Subject subject = Subject.fromClaims(DlsBench.claims(nw.get()));
        String with = JsonpUtils.toJsonString(AccessFilter.forSubject(subject, Set.of()), MAPPER);
        String without = with.replace("{\"term\":{\"restricted\":{\"value\":false}}},", "");
        if (without.equals(with)) {
            throw new IllegalStateException("the restriction clause was not found in the filter: " + with);
        }
        long indexed = Bench.JSON.readTree(b.es("GET", "/verbund-reports/_count", null).body()).path("count").asLong();
        long[] withNs = new long[requests];
        long[] withoutNs = new long[requests];
        Random words = new Random(43);
        for (int i = -100; i < requests; i++) {
            String q = SearchBench.WORDS[words.nextInt(SearchBench.WORDS.length)];
            String userQuery = JsonpUtils.toJsonString(QueryLanguage.parse(q), MAPPER);
            boolean withFirst = (i & 1) == 0;
            long first = timedSearch(b, DlsBench.body(userQuery, withFirst ? with : without));
            long second = timedSearch(b, DlsBench.body(userQuery, withFirst ? without : with));
            if (i >= 0) {
                withNs[i] = withFirst ? first : second;
                withoutNs[i] = withFirst ? second : first;
            }
        }
        Arrays.sort(withNs);
        Arrays.sort(withoutNs);

        System.out.println();
        Bench.row("measure", "without the clause (same run)", "with the clause", "difference", "goal");
        Bench.row("---", "---", "---", "---", "---");
        Bench.row("search p50 / p99 on " + indexed + " documents: filter without vs with the restriction clause",
                ms(withoutNs[requests / 2]) + " / " + ms(withoutNs[requests * 99 / 100]),
                ms(withNs[requests / 2]) + " / " + ms(withNs[requests * 99 / 100]),
                ms(withNs[requests / 2] - withoutNs[requests / 2]) + " / "
                        + ms(withNs[requests * 99 / 100] - withoutNs[requests * 99 / 100]), "≤ 2 ms");
    }

    /** Microseconds to seal a report's text and normalised form (the data key comes with the vault write). */
    static double sealMicros(String text, int rounds) throws Exception {
        Path dir = Files.createTempDirectory("seal-bench");
        Vault vault = new Vault(dir.resolve("vault"), KeyEncryptionKeys.open(dir.resolve("kek.p12"),
                "bench-master-secret-0123456789".toCharArray()));
        Path plain = Files.writeString(dir.resolve("p.txt"), text);
        DataKey key = vault.store(ReportId.random(), new Authority("BKA"), plain).dataKey();
        String normalised = "{\"schemaVersion\":1,\"metadata\":{\"title\":\"Bericht\",\"author\":\"A\"},\"embedded\":[],"
                + "\"selectors\":[\"email:a@b.de\",\"ipv4:192.0.2.1\"],\"warnings\":[]," + "\"x\":\"" + "y".repeat(1200) + "\"}";
        ReportId id = ReportId.random();
        long sink = 0;
        for (int i = 0; i < rounds / 4; i++) { // warm-up
            sink += SealedField.seal(key, id, SealedField.Field.TEXT, text).length;
        }
        long t = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sink += SealedField.seal(key, id, SealedField.Field.TEXT, text).length;
            sink += SealedField.seal(key, id, SealedField.Field.NORMALISED, normalised).length;
        }
        double micros = (System.nanoTime() - t) / 1e3 / rounds;
        if (sink == 42) {
            System.out.println();
        }
        return micros;
    }

    static long timedRead(Bench b, TokenSource analyst, String id) {
        String token = analyst.get();
        long t = System.nanoTime();
        VerbundClient.Response r = b.client.get(token, "/api/v1/reports/" + id + "?purpose=Benchmark&caseReference=BENCH-1");
        long ns = System.nanoTime() - t;
        if (r.status() != 200) {
            throw new IllegalStateException("read failed: " + r.status() + " " + r.body());
        }
        return ns;
    }

    /** The row as stored before sealing: clear columns, nothing sealed; returns the sealed columns to restore. */
    static byte[][] unseal(Connection db, String id, String text, String normalised) throws Exception {
        byte[][] kept = new byte[2][];
        try (PreparedStatement ps = db.prepareStatement("SELECT text_sealed, normalised_sealed FROM report WHERE id = ?::uuid")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                kept[0] = rs.getBytes(1);
                kept[1] = rs.getBytes(2);
            }
        }
        try (PreparedStatement ps = db.prepareStatement("""
                UPDATE report SET text = ?, normalised = ?::jsonb, text_sealed = NULL, normalised_sealed = NULL
                WHERE id = ?::uuid""")) {
            ps.setString(1, text);
            ps.setString(2, normalised);
            ps.setString(3, id);
            ps.executeUpdate();
        }
        return kept;
    }

    static void restore(Connection db, String id, byte[][] kept) throws Exception {
        try (PreparedStatement ps = db.prepareStatement("""
                UPDATE report SET text = NULL, normalised = NULL, text_sealed = ?, normalised_sealed = ? WHERE id = ?::uuid""")) {
            ps.setBytes(1, kept[0]);
            ps.setBytes(2, kept[1]);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    static void awaitTotal(Bench b, TokenSource analyst, String word, long expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (true) {
            VerbundClient.Response r = b.client.search(analyst.get(), Map.of("query", word, "purpose", "Benchmark",
                    "caseReference", "BENCH-1", "size", 1));
            if (r.status() == 200 && r.json().path("total").asLong() == expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("search for the run never reached " + expected + ": " + r.body());
            }
            Thread.sleep(250);
        }
    }

    static long timedSearch(Bench b, String body) throws Exception {
        long t = System.nanoTime();
        var r = DlsBench.search(b, b.esAuth, body);
        long ns = System.nanoTime() - t;
        if (r.statusCode() != 200) {
            throw new IllegalStateException("search failed: " + r.statusCode() + " " + r.body());
        }
        return ns;
    }

    static String ms(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
