package de.verbund.bench;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import de.verbund.access.label.Authority;
import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.VaultBench;
import de.verbund.ingest.extract.HostileCorpus;
import de.verbund.ingest.index.ReportIndex;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * Ingest figures of the ingest issue, each against a baseline measured in the same run:
 * text reports through the hub vs raw Elasticsearch {@code _bulk} of the same text; PDFs through the hub vs Tika
 * parsing alone; envelope encryption vs the bare JDK AES-GCM; the hostile corpus through the hub.
 * Usage: bench/run.sh ingest [reports=3000] [pdfs=400] [threads=4] [encryptMb=256]
 */
public final class IngestBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int reports = Integer.parseInt(a.getOrDefault("reports", "3000"));
        int pdfs = Integer.parseInt(a.getOrDefault("pdfs", "400"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "4"));
        int encryptMb = Integer.parseInt(a.getOrDefault("encryptMb", "256"));
        Bench b = new Bench();
        String run = "benchrun" + Long.toString(System.currentTimeMillis(), 36);
        System.out.println("run " + run + ": " + reports + " text reports (~2.3 KB), " + pdfs + " one-page PDFs, "
                + threads + " client threads, " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println();
        Bench.row("measure", "baseline (same run)", "hub", "ratio", "goal");
        Bench.row("---", "---", "---", "---", "---");

        // 1. text: raw _bulk of the same documents into an index with the hub's mapping
        List<String> rawTexts = Corpus.texts(1, reports, 2300, run + "raw");
        String rawIndex = "verbund-bench-raw-" + run.toLowerCase();
        b.es("PUT", "/" + rawIndex, "{\"settings\":" + ReportIndex.SETTINGS + ",\"mappings\":" + ReportIndex.MAPPING + "}");
        long t0 = System.nanoTime();
        for (int from = 0; from < reports; from += 1000) {
            StringBuilder bulk = new StringBuilder();
            for (int i = from; i < Math.min(reports, from + 1000); i++) {
                bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
                bulk.append(Bench.JSON.writeValueAsString(Map.of("id", String.valueOf(i), "title", "Bench " + i,
                        "text", rawTexts.get(i), "originator", "BKA", "phenomenonArea", "CYBER", "classification", "VS-NFD",
                        "classificationLevel", 1, "releasableTo", List.of("ALL"), "disclosure", "FULL"))).append('\n');
            }
            HttpResponse<String> r = b.es("POST", "/" + rawIndex + "/_bulk", bulk.toString());
            if (Bench.JSON.readTree(r.body()).get("errors").asBoolean()) {
                throw new IllegalStateException("raw bulk had errors");
            }
        }
        b.es("POST", "/" + rawIndex + "/_refresh", null);
        double rawRate = reports / seconds(t0);
        b.es("DELETE", "/" + rawIndex, null);

        // 2. text: the same kind of documents through the hub, from the first submission until all are searchable
        List<String> hubTexts = Corpus.texts(1, reports, 2300, run + "hub");
        TokenSource tokens = b.submitter();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        int batch = Integer.parseInt(a.getOrDefault("batch", "250"));
        int batches = (reports + batch - 1) / batch;
        // warm-up, as the baselines get: one batch of other texts through the whole path until searchable
        List<String> warmTexts = Corpus.texts(3, batch, 2300, run + "warm");
        b.submitBatch(tokens.get(), warmTexts.stream().map(t -> "warm.txt").toList(),
                warmTexts.stream().map(Corpus::utf8).toList(), Bench.labels("Warm-up"));
        awaitCount(b, "verbund-reports", run + "warm", batch);
        t0 = System.nanoTime();
        submitAll(Math.min(threads, 4), batches, k -> {
            List<String> names = new ArrayList<>();
            List<byte[]> files = new ArrayList<>();
            for (int i = k * batch; i < Math.min(reports, (k + 1) * batch); i++) {
                names.add("bericht-" + i + ".txt");
                files.add(Corpus.utf8(hubTexts.get(i)));
            }
            VerbundClient.Response r = b.submitBatch(tokens.get(), names, files, Bench.labels("Bench " + k));
            statuses.computeIfAbsent(r.status(), x -> new AtomicLong()).addAndGet(files.size());
        });
        double acceptRate = reports / seconds(t0);
        System.out.println("text batches answered: " + statuses);
        awaitCount(b, "verbund-reports", run + "hub", reports);
        double hubRate = reports / seconds(t0);
        Bench.row("text reports/s, batch submission (" + batch + " files) → searchable", Bench.f(rawRate) + " (raw _bulk)", Bench.f(hubRate)
                + " (accepted " + Bench.f(acceptRate) + "/s; " + statuses + ")", Bench.f(100 * hubRate / rawRate) + " %", "≥ 60 %");

        // 3. PDFs: Tika alone (in process, 2 threads) vs the hub
        List<byte[]> pdfBytes = new ArrayList<>();
        List<String> pdfTexts = Corpus.texts(2, pdfs, 2300, run + "pdf");
        for (String t : pdfTexts) {
            pdfBytes.add(Corpus.pdf(t));
        }
        AutoDetectParser parser = new AutoDetectParser();
        submitAll(2, Math.min(50, pdfs), i -> parser.parse(new ByteArrayInputStream(pdfBytes.get(i)),
                new BodyContentHandler(-1), new Metadata(), new ParseContext())); // warm-up
        t0 = System.nanoTime();
        submitAll(2, pdfs, i -> parser.parse(new ByteArrayInputStream(pdfBytes.get(i)), new BodyContentHandler(-1),
                new Metadata(), new ParseContext()));
        double tikaRate = pdfs / seconds(t0);
        statuses.clear();
        int pdfBatch = 25;
        // warm-up, as Tika alone got 50 parses: 50 other PDFs through the hub until searchable
        List<String> warmPdfTexts = Corpus.texts(4, 50, 2300, run + "pdfwarm");
        submitAll(2, 2, k -> b.submitBatch(tokens.get(), warmPdfTexts.subList(k * 25, k * 25 + 25).stream().map(t -> "warm.pdf").toList(),
                pdfs(warmPdfTexts.subList(k * 25, k * 25 + 25)), Bench.labels("PDF warm-up " + k)));
        awaitCount(b, "verbund-reports", run + "pdfwarm", 50);
        t0 = System.nanoTime();
        submitAll(2, (pdfs + pdfBatch - 1) / pdfBatch, k -> {
            List<String> names = new ArrayList<>();
            List<byte[]> files = new ArrayList<>();
            for (int i = k * pdfBatch; i < Math.min(pdfs, (k + 1) * pdfBatch); i++) {
                names.add("bericht-" + i + ".pdf");
                files.add(pdfBytes.get(i));
            }
            VerbundClient.Response r = b.submitBatch(tokens.get(), names, files, Bench.labels("PDF " + k));
            statuses.computeIfAbsent(r.status(), x -> new AtomicLong()).addAndGet(files.size());
        });
        awaitCount(b, "verbund-reports", run + "pdf", pdfs);
        double hubPdfRate = pdfs / seconds(t0);
        Bench.row("PDF reports/s, batch submission (25 files) → searchable", Bench.f(tikaRate) + " (Tika alone, 2 threads)",
                Bench.f(hubPdfRate) + " (" + statuses + ")", Bench.f(100 * hubPdfRate / tikaRate) + " %", "≥ 80 %");

        // 4. encryption: CMS AuthEnvelopedData (BC format, JDK AES-GCM) vs bare JDK AES-GCM, one core
        Path big = Files.createTempFile("verbund-bench-", ".bin");
        byte[] chunk = new byte[1 << 20];
        new SecureRandom().nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(big)) {
            for (int i = 0; i < encryptMb; i++) {
                out.write(chunk);
            }
        }
        SecretKey key = KeyGenerator.getInstance("AES").generateKey();
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        double rawMbs = 0;
        double cmsMbs = 0;
        Path keystore = Files.createTempFile("verbund-bench-kek-", ".p12");
        Files.delete(keystore);
        KeyEncryptionKeys keks = KeyEncryptionKeys.open(keystore, "bench-master-secret-0123456789".toCharArray());
        for (int round = 0; round < 3; round++) {
            t0 = System.nanoTime();
            byte[] iv = new byte[12];
            new SecureRandom().nextBytes(iv);
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] buf = new byte[64 * 1024];
            byte[] outBuf = new byte[64 * 1024 + 16];
            try (var in = Files.newInputStream(big)) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    gcm.update(buf, 0, n, outBuf);
                }
            }
            gcm.doFinal(outBuf, 0);
            rawMbs = Math.max(rawMbs, encryptMb / seconds(t0));
            t0 = System.nanoTime();
            VaultBench.encrypt(keks, new Authority("BKA"), big, OutputStream.nullOutputStream());
            cmsMbs = Math.max(cmsMbs, encryptMb / seconds(t0));
        }
        Files.delete(big);
        Files.deleteIfExists(keystore);
        Bench.row("encryption MB/s, one core, " + encryptMb + " MB file", Bench.f(rawMbs) + " (bare JDK AES-GCM)",
                Bench.f(cmsMbs) + " (CMS AuthEnvelopedData)", Bench.f(100 * cmsMbs / rawMbs) + " %", "≥ 1000 MB/s");

        // 5. hostile corpus through the hub
        String admin = b.user("admin-ops").get();
        long heapBefore = heap(b, admin);
        Map<String, String> outcome = new TreeMap<>();
        double longest = 0;
        String longestName = "";
        for (String name : HostileCorpus.expectedRejections().keySet()) {
            long s = System.nanoTime();
            VerbundClient.Response r = b.client.submit(tokens.get(), new VerbundClient.File(run + "-" + name, HostileCorpus.hostile(name)),
                    Bench.labels("Hostile " + name));
            double took = seconds(s);
            if (took > longest) {
                longest = took;
                longestName = name;
            }
            String type = r.status() >= 400 ? r.problemType() : "accepted (" + r.status() + ")";
            outcome.put(name, r.status() + " " + type);
        }
        long heapAfter = heap(b, admin);
        System.out.println();
        System.out.println("Hostile corpus (" + outcome.size() + " files):");
        outcome.forEach((k, v) -> System.out.println("  " + k + " → " + v));
        System.out.println("  longest: " + longestName + " " + Bench.f(longest * 1000) + " ms; hub heap used before "
                + heapBefore / (1024 * 1024) + " MB, after " + heapAfter / (1024 * 1024) + " MB");
    }

    static List<byte[]> pdfs(List<String> texts) throws java.io.IOException {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(Corpus.pdf(t));
        }
        return out;
    }

    static long heap(Bench b, String adminToken) throws Exception {
        VerbundClient.Response r = b.client.get(adminToken, "/actuator/metrics/jvm.memory.used?tag=area:heap");
        if (r.status() != 200) {
            return -1;
        }
        return (long) Bench.JSON.readTree(r.body()).get("measurements").get(0).get("value").asDouble();
    }

    static void awaitCount(Bench b, String index, String tag, long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (b.esCount(index, tag) >= expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("not all searchable after 10 minutes: " + tag);
    }

    interface Task {
        void run(int i) throws Exception;
    }

    static void submitAll(int threads, int count, Task task) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> futures = new ArrayList<>();
            AtomicLong next = new AtomicLong();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < count) {
                        task.run((int) i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
