package de.verbund.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import de.verbund.auditverify.Verify;
import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

import tools.jackson.databind.JsonNode;

/**
 * The fault test of the cluster (deploy/local/cluster.sh): while clients submit (single and batch), search, check
 * selectors and read continuously through the load balancer, it kills, one after another, an Elasticsearch node, a
 * hub instance in the middle of a batch, the PostgreSQL primary (Patroni fails over) and the hub holding the leader
 * role, each with {@code kill -9}, and brings each back. Then it proves: every acknowledged report is stored once,
 * searchable once, and its original opens; no report the hub refused is stored; a report whose answer was lost (the
 * instance or the load balancer cut the connection) is stored at most once; the audit trail verifies offline with
 * no gap and no fork. Prints, per fault, the error rate and the longest window without a successful search and
 * without a successful submission. Traffic goes only to loopback; every loop is bounded in count and time.
 *
 * <p>Usage: {@code bench/run.sh faults [phase=60] [settle=20]} with the cluster running (and its quotas off).
 */
public final class FaultBench {

    private enum Kind { SUBMIT, BATCH, SEARCH, SELECTORS, READ }

    private record Op(long startNanos, long endNanos, Kind kind, boolean ok) {}

    /** What the client knows about one report it sent. */
    private enum Outcome { ACKNOWLEDGED, REFUSED, UNKNOWN }

    private record Sent(String word, String sha256, Outcome outcome, String id, int status) {}

    private record Phase(String name, String killed, long fromNanos, long toNanos) {}

    private static final long T0 = System.nanoTime();
    private static final int MAX_OPS_PER_CLIENT = 100_000;

    private final String lb = Bench.env("VERBUND_CLUSTER_URL", "http://127.0.0.1:8090");
    private final String script = Bench.env("VERBUND_CLUSTER_SCRIPT", "deploy/local/cluster.sh");
    private final String issuer = Bench.env("VERBUND_ISSUER", "http://localhost:8180/realms/verbund");
    private final VerbundClient client = new VerbundClient(lb, HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3)).version(HttpClient.Version.HTTP_1_1).build(), Duration.ofSeconds(30));
    private final TokenSource submitter = TokenSource.clientCredentials(issuer, "verbund-submitter-bka",
            "demo-secret-not-for-production");
    private final TokenSource analyst = TokenSource.password(issuer, "verbund-cli", "analyst-bka", "verbund-demo");
    private final ConcurrentLinkedQueue<Op> ops = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final List<String> acknowledgedWords = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> acknowledgedIds = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean batchInFlight = new AtomicBoolean();
    private final AtomicInteger sequence = new AtomicInteger();

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        new FaultBench().run(Integer.parseInt(a.getOrDefault("phase", "60")), Integer.parseInt(a.getOrDefault("settle", "20")));
    }

    void run(int phaseSeconds, int settleSeconds) throws Exception {
        System.out.println("fault test through " + lb + ": phases of " + phaseSeconds + " s, " + settleSeconds + " s settling");
        List<Thread> clients = List.of(
                client("single submissions", this::submitOne),
                client("batch submissions", this::submitBatch),
                client("searches", this::searchOne),
                client("selector checks", this::checkSelectors),
                client("reads", this::readOne));
        List<Phase> phases = new ArrayList<>();
        sleep(settleSeconds);
        phases.add(fault("1. kill -9 one Elasticsearch node, restart it", "es2", "es2", phaseSeconds, settleSeconds, false));
        phases.add(fault("2. kill -9 a hub instance in the middle of a batch, restart it", "hub2", "hub2", phaseSeconds,
                settleSeconds, true));
        phases.add(fault("3. kill -9 the PostgreSQL primary (Patroni fails over), restart it", "pg-primary", null,
                phaseSeconds, settleSeconds, false));
        phases.add(fault("4. kill -9 the hub instance holding the leader role, restart it", "hub-leader", null,
                phaseSeconds, settleSeconds, false));
        running.set(false);
        for (Thread t : clients) {
            t.join(60_000);
        }
        report(phases);
        verify();
    }

    // ------------------------------------------------------------------ faults

    private Phase fault(String name, String part, String revive, int phaseSeconds, int settleSeconds, boolean inBatch)
            throws Exception {
        if (inBatch) { // wait (bounded) until a batch is on its way, then let it get into the hub
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!batchInFlight.get() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
        }
        String killed = part;
        if (revive == null) { // the part is named by its role: find which one holds it before killing
            killed = cluster(part.equals("pg-primary") ? "pg-primary" : "leader").strip();
        }
        long from = System.nanoTime();
        System.out.printf("%6.1f s  %s: killing %s%n", seconds(from), name, killed);
        cluster("kill", killed);
        sleep(phaseSeconds / 2);
        System.out.printf("%6.1f s  reviving %s%n", seconds(System.nanoTime()), killed);
        cluster("revive", killed);
        sleep(phaseSeconds - phaseSeconds / 2);
        long to = System.nanoTime();
        sleep(settleSeconds);
        return new Phase(name, killed, from, to);
    }

    private String cluster(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    // ------------------------------------------------------------------ clients

    private Thread client(String name, Runnable step) {
        return Thread.ofPlatform().name(name).start(() -> {
            for (int i = 0; i < MAX_OPS_PER_CLIENT && running.get(); i++) {
                step.run();
            }
        });
    }

    private void record(long start, Kind kind, boolean ok) {
        ops.add(new Op(start, System.nanoTime(), kind, ok));
    }

    private byte[] newReport(String word) {
        return ("Lagebericht Ausfalltest " + word + ". Kontakt über 203.0.113." + (sequence.get() % 250 + 1)
                + " und fault-" + word + ".example.org.").getBytes(StandardCharsets.UTF_8);
    }

    private String word() {
        return "ausfall" + Long.toString(System.nanoTime(), 36) + sequence.incrementAndGet();
    }

    private void submitOne() {
        String word = word();
        byte[] file = newReport(word);
        long start = System.nanoTime();
        VerbundClient.Response r = null;
        try {
            r = client.submit(submitter.get(), new VerbundClient.File(word + ".txt", file), Bench.labels("Ausfall " + word));
        } catch (RuntimeException e) {
            // connection cut: the outcome is unknown to the client
        }
        boolean ok = r != null && (r.status() == 201 || r.status() == 200);
        record(start, Kind.SUBMIT, ok);
        note(word, file, r, ok ? r.json().get("id").asString() : null);
        pause(50);
    }

    private void submitBatch() {
        List<String> words = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        List<VerbundClient.File> parts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String word = word();
            words.add(word);
            files.add(newReport(word));
            parts.add(new VerbundClient.File(word + ".txt", files.getLast()));
        }
        long start = System.nanoTime();
        VerbundClient.Response r = null;
        batchInFlight.set(true);
        try {
            r = client.submitBatch(submitter.get(), parts, Bench.labels("Ausfall-Stapel"));
        } catch (RuntimeException e) {
            // connection cut
        } finally {
            batchInFlight.set(false);
        }
        boolean ok = r != null && (r.status() == 201 || r.status() == 200 || r.status() == 207);
        record(start, Kind.BATCH, ok);
        JsonNode results = ok ? r.json().get("results") : null;
        for (int i = 0; i < words.size(); i++) {
            JsonNode item = results != null && results.size() > i ? results.get(i) : null;
            boolean stored = item != null && List.of("ACCEPTED", "DUPLICATE").contains(item.get("status").asString());
            String id = stored ? item.get("id").asString() : null;
            if (ok && id == null) { // this file refused within an accepted batch
                sent.add(new Sent(words.get(i), sha256(files.get(i)), Outcome.REFUSED, "", r.status()));
            } else {
                note(words.get(i), files.get(i), r, id);
            }
        }
        pause(100);
    }

    private void note(String word, byte[] file, VerbundClient.Response r, String id) {
        Outcome outcome;
        if (id != null) {
            outcome = Outcome.ACKNOWLEDGED;
            acknowledgedWords.add(word);
            acknowledgedIds.put(word, id);
        } else if (r != null && r.status() < 500 && r.contentType().startsWith("application/problem+json")) {
            outcome = Outcome.REFUSED; // the hub refused the request itself (4xx): it stored nothing
        } else {
            // no answer, the load balancer's 502/504, or the hub's own 5xx (its database went away in the middle of
            // a commit, as in a failover): the hub may have stored it, and says so; a resubmission tells
            outcome = Outcome.UNKNOWN;
        }
        sent.add(new Sent(word, sha256(file), outcome, id == null ? "" : id, r == null ? -1 : r.status()));
    }

    private String someAcknowledged() {
        synchronized (acknowledgedWords) {
            return acknowledgedWords.isEmpty() ? "Ausfalltest"
                    : acknowledgedWords.get(ThreadLocalRandom.current().nextInt(acknowledgedWords.size()));
        }
    }

    private void searchOne() {
        long start = System.nanoTime();
        boolean ok;
        try {
            ok = client.search(analyst.get(), Map.of("query", someAcknowledged(), "purpose", "Ausfalltest",
                    "caseReference", "BKA-FAULT-1")).status() == 200;
        } catch (RuntimeException e) {
            ok = false;
        }
        record(start, Kind.SEARCH, ok);
        pause(100);
    }

    private void checkSelectors() {
        long start = System.nanoTime();
        boolean ok;
        try {
            ok = client.checkSelectors(analyst.get(), Map.of("selectors", List.of(
                    Map.of("type", "ip", "value", "203.0.113." + ThreadLocalRandom.current().nextInt(1, 251)),
                    Map.of("type", "domain", "value", "fault-" + someAcknowledged() + ".example.org")),
                    "purpose", "Ausfalltest", "caseReference", "BKA-FAULT-1")).status() == 200;
        } catch (RuntimeException e) {
            ok = false;
        }
        record(start, Kind.SELECTORS, ok);
        pause(200);
    }

    private void readOne() {
        String word = someAcknowledged();
        String id = acknowledgedIds.get(word);
        if (id == null) {
            pause(200);
            return;
        }
        long start = System.nanoTime();
        boolean ok;
        try {
            ok = client.get(analyst.get(), "/api/v1/reports/" + id + "?purpose=Ausfalltest&caseReference=BKA-FAULT-1")
                    .status() == 200;
        } catch (RuntimeException e) {
            ok = false;
        }
        record(start, Kind.READ, ok);
        pause(150);
    }

    // ------------------------------------------------------------------ figures

    private void report(List<Phase> phases) {
        System.out.println();
        Bench.row("fault (killed)", "requests", "errors", "error rate", "longest without a successful search",
                "longest without a successful submission");
        Bench.row("---", "---", "---", "---", "---", "---");
        for (Phase p : phases) {
            List<Op> in = ops.stream().filter(o -> o.startNanos() >= p.fromNanos() && o.startNanos() <= p.toNanos()).toList();
            long errors = in.stream().filter(o -> !o.ok()).count();
            Bench.row(p.name() + " (" + p.killed() + ")", String.valueOf(in.size()), String.valueOf(errors),
                    String.format(java.util.Locale.ROOT, "%.2f %%", in.isEmpty() ? 0 : 100.0 * errors / in.size()),
                    Bench.f(longestGap(p, java.util.EnumSet.of(Kind.SEARCH))) + " s",
                    Bench.f(longestGap(p, java.util.EnumSet.of(Kind.SUBMIT, Kind.BATCH))) + " s");
        }
        for (Kind k : Kind.values()) {
            long n = ops.stream().filter(o -> o.kind() == k).count();
            long bad = ops.stream().filter(o -> o.kind() == k && !o.ok()).count();
            System.out.printf("%-10s %6d requests, %4d failed over the whole run%n", k, n, bad);
        }
    }

    /** The longest stretch within the phase (from the kill until the end of the phase) without a successful answer. */
    private double longestGap(Phase p, java.util.Set<Kind> kinds) {
        List<Long> successes = ops.stream().filter(o -> kinds.contains(o.kind()) && o.ok())
                .map(Op::endNanos).filter(t -> t >= p.fromNanos() && t <= p.toNanos()).sorted().toList();
        long previous = p.fromNanos();
        long longest = 0;
        for (long t : successes) {
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        longest = Math.max(longest, p.toNanos() - previous);
        return longest / 1e9;
    }

    // ------------------------------------------------------------------ verification

    private void verify() throws Exception {
        List<Sent> all = new ArrayList<>(sent);
        long acknowledged = all.stream().filter(s -> s.outcome() == Outcome.ACKNOWLEDGED).count();
        long refused = all.stream().filter(s -> s.outcome() == Outcome.REFUSED).count();
        long unknown = all.stream().filter(s -> s.outcome() == Outcome.UNKNOWN).count();
        System.out.printf("%nreports sent: %d acknowledged, %d refused by the hub (4xx), %d without a definite answer (5xx, none)%n",
                acknowledged, refused, unknown);
        int failures = 0;
        try (Connection db = DriverManager.getConnection(Bench.env("VERBUND_CLUSTER_PG", ""),
                Bench.env("VERBUND_PG_APP_USER", "verbund_app"), Bench.env("VERBUND_PG_APP_PASSWORD", ""))) {
            awaitOutboxDrained(db);
            int unknownStored = 0;
            for (Sent s : all) {
                List<String> ids = rowsWithHash(db, s.sha256());
                switch (s.outcome()) {
                    case ACKNOWLEDGED -> {
                        if (ids.size() != 1 || !ids.getFirst().equals(s.id())) {
                            failures++;
                            System.out.println("ACKNOWLEDGED BUT NOT STORED ONCE: " + s + " rows " + ids);
                        }
                    }
                    case REFUSED -> {
                        if (!ids.isEmpty()) {
                            failures++;
                            System.out.println("REFUSED BUT STORED: " + s + " rows " + ids);
                        }
                    }
                    case UNKNOWN -> {
                        if (ids.size() > 1) {
                            failures++;
                            System.out.println("STORED TWICE: " + s + " rows " + ids);
                        }
                        unknownStored += ids.size();
                    }
                }
            }
            System.out.printf("without a definite answer: %d of %d stored (once each), the others not at all%n", unknownStored,
                    unknown);
        }
        HttpClient es = elasticsearchClient();
        int notSearchable = 0;
        int originalsFailed = 0;
        for (Sent s : all) {
            if (s.outcome() != Outcome.ACKNOWLEDGED) {
                continue;
            }
            long hits = esCount(es, s.word());
            if (hits != 1) {
                notSearchable++;
                System.out.println("NOT SEARCHABLE ONCE (" + hits + "): " + s);
            }
            VerbundClient.Response original = client.get(analyst.get(), "/api/v1/reports/" + s.id()
                    + "/original?purpose=Ausfalltest&caseReference=BKA-FAULT-1");
            if (original.status() != 200 || !original.body().contains(s.word())) {
                originalsFailed++;
                System.out.println("ORIGINAL DOES NOT OPEN (" + original.status() + "): " + s);
            }
        }
        failures += notSearchable + originalsFailed;
        System.out.printf("acknowledged reports: %d searchable exactly once in Elasticsearch (%d not), %d originals opened (%d not)%n",
                acknowledged - notSearchable, notSearchable, acknowledged - originalsFailed, originalsFailed);
        // the search API answers the same (a sample through the load balancer)
        int apiChecked = 0;
        for (Sent s : all) {
            if (s.outcome() == Outcome.ACKNOWLEDGED && apiChecked < 50) {
                apiChecked++;
                JsonNode r = client.search(analyst.get(), Map.of("query", s.word(), "purpose", "Ausfalltest",
                        "caseReference", "BKA-FAULT-1")).json();
                if (r.get("total").asLong() != 1 || !r.get("hits").get(0).get("id").asString().equals(s.id())) {
                    failures++;
                    System.out.println("SEARCH API DOES NOT FIND IT ONCE: " + s);
                }
            }
        }
        System.out.printf("search API: %d sampled acknowledged reports found exactly once%n", apiChecked);
        failures += verifyAudit() ? 0 : 1;
        System.out.println(failures == 0 ? "RESULT: nothing acknowledged was lost, nothing refused was stored, the audit trail verifies"
                : "RESULT: " + failures + " FAILURES");
        if (failures > 0) {
            System.exit(1);
        }
    }

    private void awaitOutboxDrained(Connection db) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM index_outbox WHERE done_at IS NULL");
                 ResultSet r = s.executeQuery()) {
                r.next();
                if (r.getLong(1) == 0) {
                    Thread.sleep(2_000); // the index refresh
                    return;
                }
            }
            Thread.sleep(500);
        }
        System.out.println("the outbox did not drain within 3 min");
    }

    private static List<String> rowsWithHash(Connection db, String sha256) throws Exception {
        try (PreparedStatement s = db.prepareStatement("SELECT id::text FROM report WHERE sha256 = ? AND erased_at IS NULL")) {
            s.setString(1, sha256);
            try (ResultSet r = s.executeQuery()) {
                List<String> ids = new ArrayList<>();
                while (r.next()) {
                    ids.add(r.getString(1));
                }
                return ids;
            }
        }
    }

    private boolean verifyAudit() throws Exception {
        TokenSource oversight = TokenSource.password(issuer, "verbund-cli", "oversight-bfdi", "verbund-demo");
        // the newest records get their leaves and a checkpoint within checkpoint-seconds; wait for one past now
        Thread.sleep(12_000);
        Path export = Files.createTempFile("fault-audit-", ".jsonl");
        // straight to a file: the complete trail of a long run is hundreds of megabytes
        HttpResponse<Path> exported = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(lb + "/api/v1/audit/export"))
                .header("Authorization", "Bearer " + oversight.get()).timeout(Duration.ofMinutes(10)).build(),
                HttpResponse.BodyHandlers.ofFile(export));
        if (exported.statusCode() != 200) {
            System.out.println("AUDIT EXPORT FAILED: " + exported.statusCode());
            return false;
        }
        JsonNode checkpoints = client.get(oversight.get(), "/api/v1/audit/checkpoints").json().get("checkpoints");
        List<String> notes = new ArrayList<>();
        java.util.Set<Long> sizes = new java.util.HashSet<>();
        boolean fork = false;
        for (JsonNode c : checkpoints) {
            notes.add(c.get("note").asString());
            fork |= !sizes.add(c.get("tree_size").asLong());
        }
        String key = client.get(null, "/api/v1/audit/public-key").body().strip();
        Verify.Result result = Verify.verify(export, key, notes, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        System.out.printf("audit trail: %d checkpoints, %s; verify offline: %s%n", notes.size(),
                fork ? "TWO CHECKPOINTS OF ONE SIZE" : "one per size", result.summary());
        return result.ok() && !fork;
    }

    private HttpClient elasticsearchClient() throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(Bench.env("VERBUND_CLUSTER_ES_CA", "")))) {
            int n = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca" + n++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private long esCount(HttpClient es, String word) throws Exception {
        String node = Bench.env("VERBUND_CLUSTER_ES", "https://127.0.0.1:9211").split(",")[0];
        String auth = "Basic " + Base64.getEncoder().encodeToString((Bench.env("VERBUND_ES_ADMIN_USER", "verbund_admin")
                + ":" + Bench.env("VERBUND_ES_ADMIN_PASSWORD", "")).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(node + "/verbund-reports/_count"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"query\":{\"match_phrase\":{\"text\":\"" + word + "\"}}}"))
                .timeout(Duration.ofSeconds(30)).build();
        JsonNode n = Bench.JSON.readTree(es.send(request, HttpResponse.BodyHandlers.ofString()).body());
        return n.has("count") ? n.get("count").asLong() : -1;
    }

    // ------------------------------------------------------------------ helpers

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double seconds(long nanos) {
        return (nanos - T0) / 1e9;
    }

    private static void sleep(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
