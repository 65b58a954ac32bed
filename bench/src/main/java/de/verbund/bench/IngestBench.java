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
 * Ingest figures, each against the peer measured in the same run (performance issue): text reports and PDFs through
 * the hub vs what a team builds instead — Tika's {@code AutoDetectParser} in process on each file and {@code _bulk}
 * into Elasticsearch (the FSCrawler pattern), same files, same mapping; CPU time per report of hub, parser processes,
 * PostgreSQL and Elasticsearch during the hub's runs; envelope encryption vs the bare JDK AES-GCM; the hostile corpus.
 * Usage: bench/run.sh ingest [reports=3000] [pdfs=400] [threads=4] [encryptMb=256] [warmup=6000] [pdfWarmup=200]
 *
 * <p>Both sides are warmed up with the same number of other files first ({@code warmup} texts, {@code pdfWarmup}
 * PDFs): the hub is a long-running server, and its JIT compiles the code that runs once per report (selector
 * extraction, the submission's virtual-thread task) only after several thousand reports — with one batch of warm-up
 * the hub's CPU per text report varied between 1.9 and 4.0 ms over five consecutive runs as compilation went on.
 */
public final class IngestBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int reports = Integer.parseInt(a.getOrDefault("reports", "3000"));
        int pdfs = Integer.parseInt(a.getOrDefault("pdfs", "400"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "4"));
        int encryptMb = Integer.parseInt(a.getOrDefault("encryptMb", "256"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "6000"));
        int pdfWarmup = Integer.parseInt(a.getOrDefault("pdfWarmup", "200"));
        Bench b = new Bench();
        String run = "benchrun" + Long.toString(System.currentTimeMillis(), 36);
        System.out.println("run " + run + ": " + reports + " text reports (~2.3 KB), " + pdfs + " one-page PDFs, "
                + threads + " client threads, " + Runtime.getRuntime().availableProcessors() + " cores");
        System.out.println();
        Bench.row("measure", "baseline (same run)", "hub", "ratio", "goal");
        Bench.row("---", "---", "---", "---", "---");

        // 1. text: the peer a team builds instead (the FSCrawler pattern): in-process Tika on each file, _bulk into an
        //    index with the hub's mapping, refresh at the end; nothing durable beside the index, no isolation, no
        //    encryption, no audit
        List<String> rawTexts = Corpus.texts(1, reports, 2300, run + "raw");
        List<byte[]> rawFiles = rawTexts.stream().map(Corpus::utf8).toList();
        peer(b, Corpus.texts(5, warmup, 2300, run + "rawwarm").stream().map(Corpus::utf8).toList(), "bericht.txt",
                run + "rawwarm", threads); // warm-up
        double rawRate = peer(b, rawFiles, "bericht.txt", run + "raw", threads);

        // 2. text: the same kind of documents through the hub, from the first submission until all are searchable
        List<String> hubTexts = Corpus.texts(1, reports, 2300, run + "hub");
        TokenSource tokens = b.submitter();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        int batch = Integer.parseInt(a.getOrDefault("batch", "250"));
        int batches = (reports + batch - 1) / batch;
        // warm-up, as the peer got: as many other texts through the whole path until searchable
        List<String> warmTexts = Corpus.texts(3, warmup, 2300, run + "warm");
        submitAll(Math.min(threads, 4), (warmup + batch - 1) / batch, k -> {
            List<String> part = warmTexts.subList(k * batch, Math.min(warmup, (k + 1) * batch));
            b.submitBatch(tokens.get(), part.stream().map(t -> "warm.txt").toList(),
                    part.stream().map(Corpus::utf8).toList(), Bench.labels("Warm-up " + k));
        });
        awaitCount(b, "verbund-reports", run + "warm", warmup);
        double[] cpuBefore = ProcessCpu.all();
        long t0 = System.nanoTime();
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
        String textCpu = ProcessCpu.perItem(cpuBefore, ProcessCpu.all(), reports);
        Bench.row("text reports/s, batch submission (" + batch + " files) → searchable", Bench.f(rawRate)
                + " (Tika in process + _bulk)", Bench.f(hubRate) + " (accepted " + Bench.f(acceptRate) + "/s; " + statuses + ")",
                Bench.f(100 * hubRate / rawRate) + " %", "≥ 100 %");

        // 3. PDFs: Tika alone (in process, 2 threads) vs the hub
        List<byte[]> pdfBytes = new ArrayList<>();
        List<String> pdfTexts = Corpus.texts(2, pdfs, 2300, run + "pdf");
        for (String t : pdfTexts) {
            pdfBytes.add(Corpus.pdf(t));
        }
        List<byte[]> warmPdfs = pdfs(Corpus.texts(4, pdfWarmup, 2300, run + "pdfwarm"));
        peer(b, warmPdfs, "bericht.pdf", run + "pdfwarm", threads); // warm-up
        double tikaRate = peer(b, pdfBytes, "bericht.pdf", run + "pdf", threads);
        statuses.clear();
        int pdfBatch = 25;
        // warm-up, as the peer got: the same PDFs through the hub until searchable (the peer's index is another)
        submitAll(2, (pdfWarmup + pdfBatch - 1) / pdfBatch, k -> {
            List<byte[]> part = warmPdfs.subList(k * pdfBatch, Math.min(pdfWarmup, (k + 1) * pdfBatch));
            b.submitBatch(tokens.get(), part.stream().map(t -> "warm.pdf").toList(), part, Bench.labels("PDF warm-up " + k));
        });
        awaitCount(b, "verbund-reports", run + "pdfwarm", pdfWarmup);
        cpuBefore = ProcessCpu.all();
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
        String pdfCpu = ProcessCpu.perItem(cpuBefore, ProcessCpu.all(), pdfs);
        Bench.row("PDF reports/s, batch submission (25 files) → searchable", Bench.f(tikaRate) + " (Tika in process + _bulk)",
                Bench.f(hubPdfRate) + " (" + statuses + ")", Bench.f(100 * hubPdfRate / tikaRate) + " %", "≥ 60 %");
        Bench.row("CPU per text report (hub run)", "", textCpu, "", "hub ≤ 0.6 ms");
        Bench.row("CPU per PDF (hub run)", "", pdfCpu, "", "");

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

    /**
     * The peer: {@code threads} workers parse each file with Tika's {@code AutoDetectParser} in this process and send
     * the documents (the fields the hub indexes, same mapping) to {@code _bulk} 250 at a time; reports/s from the first
     * parse until the index has refreshed. The index is removed afterwards.
     */
    static double peer(Bench b, List<byte[]> files, String name, String tag, int threads) throws Exception {
        String index = "verbund-bench-peer-" + tag.toLowerCase(java.util.Locale.ROOT);
        b.es("PUT", "/" + index, "{\"settings\":" + ReportIndex.SETTINGS + ",\"mappings\":" + ReportIndex.MAPPING + "}");
        AutoDetectParser parser = new AutoDetectParser();
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        submitAll(threads, threads, t -> {
            StringBuilder bulk = new StringBuilder();
            int inBulk = 0;
            long i;
            while ((i = next.getAndIncrement()) < files.size()) {
                BodyContentHandler text = new BodyContentHandler(-1);
                Metadata metadata = new Metadata();
                metadata.set("resourceName", name);
                parser.parse(new ByteArrayInputStream(files.get((int) i)), text, metadata, new ParseContext());
                bulk.append("{\"index\":{\"_id\":\"").append(i).append("\"}}\n");
                bulk.append(Bench.JSON.writeValueAsString(Map.of("id", String.valueOf(i), "title", "Bench " + i,
                        "text", text.toString(), "originator", "BKA", "phenomenonArea", "CYBER", "classification", "VS-NFD",
                        "classificationLevel", 1, "releasableTo", List.of("ALL"), "disclosure", "FULL"))).append('\n');
                if (++inBulk == 250) {
                    sendBulk(b, index, bulk);
                    inBulk = 0;
                }
            }
            if (inBulk > 0) {
                sendBulk(b, index, bulk);
            }
        });
        b.es("POST", "/" + index + "/_refresh", null);
        double rate = files.size() / seconds(t0);
        long indexed = b.esCount(index, tag);
        b.es("DELETE", "/" + index, null);
        if (indexed != files.size()) {
            throw new IllegalStateException("the peer indexed " + indexed + " of " + files.size() + " files");
        }
        return rate;
    }

    private static void sendBulk(Bench b, String index, StringBuilder bulk) throws Exception {
        HttpResponse<String> r = b.es("POST", "/" + index + "/_bulk", bulk.toString());
        if (r.statusCode() != 200 || Bench.JSON.readTree(r.body()).get("errors").asBoolean()) {
            throw new IllegalStateException("peer bulk failed: " + r.statusCode());
        }
        bulk.setLength(0);
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
