package de.verbund.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import de.verbund.access.label.Authority;
import de.verbund.access.policy.ReportId;
import de.verbund.access.secret.Pkcs11Token;
import de.verbund.ingest.crypto.FileKeyEncryptionKeys;
import de.verbund.ingest.crypto.Kek;
import de.verbund.ingest.crypto.KeyEncryptionKeys;
import de.verbund.ingest.crypto.TokenKeyEncryptionKeys;
import de.verbund.ingest.crypto.Vault;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Keys in the PKCS#11 token (SoftHSM2, the test token of deploy/local/services.sh) against keys in the development
 * key store, measured in the same run: data-key unwraps per second (one thread and four), what it does to ingest
 * (vault stores of small originals per second, each with one wrap; the rest of the pipeline is the same with either
 * backend) and checkpoint signatures per second. Needs no running hub, only the token.
 */
public final class KeyBench {

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "5"));
        int originals = Integer.parseInt(a.getOrDefault("originals", "2000"));
        Path dir = Files.createTempDirectory("verbund-keybench");
        try (Pkcs11Token token = Pkcs11Token.open(Path.of(Bench.env("VERBUND_PKCS11_LIBRARY", "/usr/lib/softhsm/libsofthsm2.so")),
                Bench.env("VERBUND_PKCS11_TEST_TOKEN_LABEL", "verbund-test"),
                Bench.env("VERBUND_PKCS11_TEST_PIN", "").toCharArray(), 4)) {
            FileKeyEncryptionKeys file = KeyEncryptionKeys.open(dir.resolve("kek.p12"), "bench-master-secret-0123456789".toCharArray());
            TokenKeyEncryptionKeys hsm = TokenKeyEncryptionKeys.open(token, null);
            Authority bka = new Authority("BKA");
            System.out.println("SoftHSM2 token '" + Bench.env("VERBUND_PKCS11_TEST_TOKEN_LABEL", "verbund-test")
                    + "' vs PKCS#12 key store, " + seconds + " s per measurement, " + Runtime.getRuntime().availableProcessors()
                    + " cores");
            Bench.row("measurement", "token", "file key store", "token / file");
            Bench.row("---", "---", "---", "---");
            for (int threads : List.of(1, 4)) {
                double t = unwrapsPerSecond(hsm.current(bka), threads, seconds);
                double f = unwrapsPerSecond(file.current(bka), threads, seconds);
                Bench.row("unwraps/s, " + threads + " thread(s)", Bench.f(t), Bench.f(f), Bench.f(100 * t / f) + " %");
            }
            double wt = rate(seconds, wrapOnce(hsm.current(bka)));
            double wf = rate(seconds, wrapOnce(file.current(bka)));
            Bench.row("wraps/s, 1 thread", Bench.f(wt), Bench.f(wf), Bench.f(100 * wt / wf) + " %");
            Path plain = dir.resolve("original.txt");
            byte[] kb = new byte[1024];
            new SecureRandom().nextBytes(kb);
            Files.write(plain, kb);
            double et = rate(seconds, () -> encrypt(hsm, bka, plain));
            double ef = rate(seconds, () -> encrypt(file, bka, plain));
            Bench.row("CMS envelopes of 1 KB originals/s (in memory)", Bench.f(et), Bench.f(ef), Bench.f(100 * et / ef) + " %");
            // stores are forced to disk, which is noisy here: alternate the two, three rounds each, medians
            double[] vt = new double[3];
            double[] vf = new double[3];
            for (int round = 0; round < 3; round++) {
                vt[round] = storesPerSecond(new Vault(dir.resolve("vault-token"), hsm), bka, originals, plain);
                vf[round] = storesPerSecond(new Vault(dir.resolve("vault-file"), file), bka, originals, plain);
            }
            java.util.Arrays.sort(vt);
            java.util.Arrays.sort(vf);
            Bench.row("vault stores of 1 KB originals/s, forced to disk (median of 3)", Bench.f(vt[1]), Bench.f(vf[1]),
                    Bench.f(100 * vt[1] / vf[1]) + " %");
            Pkcs11Token.KeyHandle signing = token.signingKey("audit-checkpoint")
                    .orElseGet(() -> token.generateSigningKey("audit-checkpoint"));
            Ed25519PrivateKeyParameters software = new Ed25519PrivateKeyParameters(new SecureRandom());
            byte[] note = "verbund.local/audit\n123456\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
                    .getBytes(StandardCharsets.UTF_8);
            double st = rate(seconds, () -> token.signEd25519(signing, note));
            double sf = rate(seconds, () -> {
                Ed25519Signer s = new Ed25519Signer();
                s.init(true, software);
                s.update(note, 0, note.length);
                s.generateSignature();
            });
            Bench.row("checkpoint signatures/s", Bench.f(st), Bench.f(sf), Bench.f(100 * st / sf) + " %");
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static double unwrapsPerSecond(Kek kek, int threads, int seconds) throws Exception {
        byte[] dataKey = new byte[32];
        new SecureRandom().nextBytes(dataKey);
        byte[] wrapped = kek.wrap(dataKey);
        for (int i = 0; i < 200; i++) {
            kek.unwrap(wrapped); // warm-up
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        kek.unwrap(wrapped);
                        n++;
                    }
                    return n;
                }));
            }
            long total = 0;
            for (Future<Long> c : counts) {
                total += c.get();
            }
            return total / (double) seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    static Runnable wrapOnce(Kek kek) {
        byte[] dataKey = new byte[32];
        new SecureRandom().nextBytes(dataKey);
        return () -> kek.wrap(dataKey);
    }

    static void encrypt(KeyEncryptionKeys keys, Authority authority, Path plain) {
        try {
            de.verbund.ingest.crypto.VaultBench.encrypt(keys, authority, plain, java.io.OutputStream.nullOutputStream());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static double storesPerSecond(Vault vault, Authority authority, int originals, Path plain) throws Exception {
        for (int i = 0; i < 100; i++) {
            vault.store(ReportId.random(), authority, plain); // warm-up
        }
        long start = System.nanoTime();
        for (int i = 0; i < originals; i++) {
            vault.store(ReportId.random(), authority, plain);
        }
        return originals / ((System.nanoTime() - start) / 1e9);
    }

    static double rate(int seconds, Runnable op) {
        for (int i = 0; i < 200; i++) {
            op.run();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            op.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

}
