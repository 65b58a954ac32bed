package de.verbund.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditEvent;
import de.verbund.audit.AuditOutcome;
import de.verbund.audit.AuditTrail;
import de.verbund.audit.Merkle;
import de.verbund.audit.SignedNote;
import de.verbund.auditverify.Verify;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/**
 * Audit figures: sustained durable events/s with group commit against one-row-per-transaction inserts in the same
 * run, latency of a durable record, and offline verification time of a complete export of N records.
 * Usage: bench/run.sh audit [seconds=15] [threads=64] [records=1000000]
 */
public final class AuditBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "15"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "64"));
        int records = Integer.parseInt(a.getOrDefault("records", "1000000"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Bench.env("VERBUND_PG_URL", "jdbc:postgresql://127.0.0.1:5433/verbund"));
        config.setUsername(Bench.env("VERBUND_PG_APP_USER", "verbund_app"));
        config.setPassword(Bench.env("VERBUND_PG_APP_PASSWORD", ""));
        config.setMaximumPoolSize(threads + 4);
        try (HikariDataSource ds = new HikariDataSource(config)) {
            AuditEvent event = new AuditEvent("bench-user", "bench", "BKA", List.of("analyst"), AuditAction.READ, "Benchmark",
                    "BENCH-1", List.of(UUID.randomUUID().toString()), "BKA", AuditOutcome.OK, "ALL_CLAUSES", null);
            // baseline: each event its own transaction (autocommit insert, synchronous commit)
            long baseline = run(threads, seconds, () -> {
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO audit_event (id, at, actor_id, actor_name, actor_authority, actor_roles, action, purpose,
                          case_reference, reports, recipient, outcome, rule, canonical)
                        VALUES (?, now(), 'bench-user', 'bench', 'BKA', '{analyst}', 'READ', 'Benchmark', 'BENCH-1', '{}', 'BKA',
                          'OK', 'ALL_CLAUSES', 'baseline')""")) {
                    ps.setObject(1, UUID.randomUUID());
                    ps.executeUpdate();
                }
            }, null);
            AuditTrail trail = AuditTrail.standalone(ds, 500);
            long[] latencies = new long[2_000_000];
            AtomicLong index = new AtomicLong();
            long grouped = run(threads, seconds, () -> {
                long t = System.nanoTime();
                trail.record(event);
                long i = index.getAndIncrement();
                if (i < latencies.length) {
                    latencies[(int) i] = System.nanoTime() - t;
                }
            }, null);
            long[] sorted = Arrays.copyOf(latencies, (int) Math.min(index.get(), latencies.length));
            Arrays.sort(sorted);
            long[] single = new long[500];
            for (int i = 0; i < single.length; i++) {
                long t = System.nanoTime();
                trail.record(event);
                single[i] = System.nanoTime() - t;
            }
            Arrays.sort(single);
            trail.shutdown();

            // verification time of a complete export
            Path export = Files.createTempFile("verbund-audit-bench-", ".jsonl");
            Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new SecureRandom());
            Map<Integer, byte[]> edge = new TreeMap<>();
            try (BufferedWriter out = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
                out.write("{}\n");
                for (int i = 0; i < records; i++) {
                    String canonical = "{\"id\":\"" + new UUID(7, i) + "\",\"at\":\"2026-11-28T10:00:00Z\",\"actorId\":\"u" + (i % 500)
                            + "\",\"action\":\"READ\",\"purpose\":\"Benchmark\",\"reports\":[\"" + new UUID(8, i) + "\"]}";
                    byte[] leaf = Merkle.leafHash(canonical.getBytes(StandardCharsets.UTF_8));
                    edge = Merkle.append(edge, leaf);
                    out.write("{\"type\":\"record\",\"verbund\":{\"audit\":{\"position\":" + i + ",\"leafHash\":\""
                            + Base64.getEncoder().encodeToString(leaf) + "\",\"canonical\":" + Bench.JSON.writeValueAsString(canonical) + "}}}\n");
                }
            }
            String note = SignedNote.sign(SignedNote.body("bench/audit", records, Merkle.rootOf(edge)), "bench", key);
            List<String> lines = new ArrayList<>();
            lines.add(Bench.JSON.writeValueAsString(Map.of("type", "header", "treeSize", records, "complete", true, "checkpoint", note)));
            Path withHeader = Files.createTempFile("verbund-audit-bench-", ".jsonl");
            try (var in = Files.newBufferedReader(export); var out = Files.newBufferedWriter(withHeader)) {
                out.write(lines.get(0));
                out.write('\n');
                in.readLine();
                String line;
                while ((line = in.readLine()) != null) {
                    out.write(line);
                    out.write('\n');
                }
            }
            Files.delete(export);
            long t0 = System.nanoTime();
            Verify.Result result = Verify.verify(withHeader, SignedNote.verifierKey("bench", key.generatePublicKey()), List.of(), System.out);
            double verifySeconds = (System.nanoTime() - t0) / 1e9;
            long size = Files.size(withHeader);
            Files.delete(withHeader);

            System.out.println();
            Bench.row("measure", "baseline (same run)", "Verbund audit trail", "ratio", "goal");
            Bench.row("---", "---", "---", "---", "---");
            Bench.row("durable events/s, " + threads + " writers, " + seconds + " s", (baseline / seconds) + " (one insert per transaction)",
                    (grouped / seconds) + " (group commit)", Bench.f((double) grouped / Math.max(1, baseline)) + "×", "≥ 5000/s");
            Bench.row("latency of a durable record under that load", "", "p50 " + SearchBench.ms(sorted[sorted.length / 2])
                    + ", p99 " + SearchBench.ms(sorted[(int) (sorted.length * 0.99)]), "", "");
            Bench.row("added latency per request (one client)", "", "p50 " + SearchBench.ms(single[single.length / 2])
                    + ", p99 " + SearchBench.ms(single[(int) (single.length * 0.99)]), "", "");
            Bench.row("offline verification, complete export", "", records + " records (" + size / (1024 * 1024) + " MB) in "
                    + Bench.f(verifySeconds) + " s: " + result.ok(), "", "");
        }
    }

    interface Body {
        void run() throws Exception;
    }

    static long run(int threads, int seconds, Body body, Object unused) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        IngestBench.submitAll(threads, threads, i -> {
            while (System.nanoTime() < end) {
                body.run();
                done.incrementAndGet();
            }
        });
        return done.get();
    }
}
