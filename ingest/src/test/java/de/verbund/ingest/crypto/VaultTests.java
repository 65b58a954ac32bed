package de.verbund.ingest.crypto;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import de.verbund.access.label.Authority;
import de.verbund.access.policy.ReportId;
import de.verbund.ingest.Original;
import org.bouncycastle.cms.CMSAuthEnvelopedData;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaultTests {

    static final char[] SECRET = "test-master-secret-0123456789".toCharArray();
    static final Authority BKA = new Authority("BKA");

    @TempDir
    Path dir;

    @Test
    void storeThenOpenGivesTheSameBytesAndFileIsStandardCms() throws Exception {
        Vault vault = new Vault(dir.resolve("vault"), KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET));
        Path plain = randomFile(3 * 1024 * 1024 + 17);
        ReportId id = ReportId.random();

        Vault.Stored stored = vault.store(id, BKA, plain);

        assertThat(stored.kekId()).isEqualTo("verbund:kek:BKA:v1");
        byte[] cms = Files.readAllBytes(vault.path(id));
        assertThat(new CMSAuthEnvelopedData(cms).getRecipientInfos().size()).isEqualTo(1);
        assertThat(indexOf(cms, Files.readAllBytes(plain), 64)).as("plaintext visible in vault").isFalse();
        try (InputStream in = vault.open(id).orElseThrow()) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(Files.readAllBytes(plain)));
        }
    }

    @Test
    void tamperedOriginalThenReadFails() throws Exception {
        Vault vault = new Vault(dir.resolve("vault"), KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET));
        ReportId id = ReportId.random();
        vault.store(id, BKA, randomFile(200_000));
        try (RandomAccessFile file = new RandomAccessFile(vault.path(id).toFile(), "rw")) {
            file.seek(file.length() / 2);
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0x01);
        }
        assertThatThrownBy(() -> {
            try (InputStream in = vault.open(id).orElseThrow()) {
                in.readAllBytes();
            }
        }).isInstanceOf(Exception.class);
    }

    @Test
    void rotationKeepsOldOriginalsReadableAndWrapsNewOnesWithNewVersion() throws Exception {
        KeyEncryptionKeys keys = KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET);
        Vault vault = new Vault(dir.resolve("vault"), keys);
        ReportId old = ReportId.random();
        vault.store(old, BKA, randomFile(1000));
        keys.rotate(BKA);
        Vault reopened = new Vault(dir.resolve("vault"), KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET));
        assertThat(reopened.store(ReportId.random(), BKA, randomFile(1000)).kekId()).isEqualTo("verbund:kek:BKA:v2");
        try (InputStream in = reopened.open(old).orElseThrow()) {
            assertThat(in.readAllBytes()).hasSize(1000);
        }
    }

    @Test
    void wrongMasterSecretThenKeystoreRefused() {
        KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET);
        assertThatThrownBy(() -> KeyEncryptionKeys.open(dir.resolve("kek.p12"), "another-secret-0123456".toCharArray()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void destroyThenOriginalGone() throws Exception {
        Vault vault = new Vault(dir.resolve("vault"), KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET));
        ReportId id = ReportId.random();
        vault.store(id, BKA, randomFile(100));
        assertThat(vault.destroy(id)).isTrue();
        assertThat(vault.open(id)).isEmpty();
    }

    @Test
    void dataKeyFromTheHeaderSealsAndOpensTheTextUntilTheOriginalIsDestroyed() throws Exception {
        Vault vault = new Vault(dir.resolve("vault"), KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET));
        ReportId single = ReportId.random();
        ReportId packed = ReportId.random();
        Vault.Stored alone = vault.store(single, BKA, randomFile(200_000));
        Vault.Stored inPack = vault.storeAll(BKA, java.util.List.of(new Original.InMemory(Files.readAllBytes(randomFile(5000))),
                new Original.InMemory(Files.readAllBytes(randomFile(7000))))).getFirst();

        byte[] sealed = SealedField.seal(alone.dataKey(), single, SealedField.Field.TEXT, "Bericht über Anlagebetrug");
        byte[] sealedInPack = SealedField.seal(inPack.dataKey(), packed, SealedField.Field.NORMALISED, "{\"a\":1}");

        DataKey fromHeader = vault.dataKey(single, null).orElseThrow();
        assertThat(SealedField.open(fromHeader, single, SealedField.Field.TEXT, sealed)).isEqualTo("Bericht über Anlagebetrug");
        assertThat(SealedField.open(vault.dataKey(packed, inPack.location()).orElseThrow(), packed,
                SealedField.Field.NORMALISED, sealedInPack)).isEqualTo("{\"a\":1}");
        // bound to its report and column, and to its key
        assertThatThrownBy(() -> SealedField.open(fromHeader, packed, SealedField.Field.TEXT, sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SealedField.open(fromHeader, single, SealedField.Field.NORMALISED, sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SealedField.open(inPack.dataKey(), single, SealedField.Field.TEXT, sealed))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] altered = sealed.clone();
        altered[altered.length - 1] ^= 1;
        assertThatThrownBy(() -> SealedField.open(fromHeader, single, SealedField.Field.TEXT, altered))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(vault.destroy(single, null)).isTrue();
        assertThat(vault.destroy(packed, inPack.location())).isTrue();
        assertThat(vault.dataKey(single, null)).isEmpty();
        assertThat(vault.dataKey(packed, inPack.location())).isEmpty();
    }

    @Test
    void rewrapUnderANewKeyVersionThenEveryOriginalOpensAfterTheOldVersionIsDestroyed() throws Exception {
        FileKeyEncryptionKeys keys = KeyEncryptionKeys.open(dir.resolve("kek.p12"), SECRET);
        Vault vault = new Vault(dir.resolve("vault"), keys);
        ReportId single = ReportId.random();
        ReportId packed = ReportId.random();
        Path big = randomFile(300_000);
        Path small = randomFile(4000);
        Vault.Stored alone = vault.store(single, BKA, big);
        Vault.Stored inPack = vault.storeAll(BKA, java.util.List.of(Original.of(small), Original.of(randomFile(3000)))).getFirst();
        byte[] sealed = SealedField.seal(alone.dataKey(), single, SealedField.Field.TEXT, "Text des Berichts");
        byte[] oldHead = java.util.Arrays.copyOf(Files.readAllBytes(vault.path(single)), 512);

        Kek v2 = keys.rotate(BKA);
        Vault.Rewrapped file = vault.rewrap(single, null, v2).orElseThrow();
        Vault.Rewrapped moved = vault.rewrap(packed, inPack.location(), v2).orElseThrow();
        vault.discardRegion(inPack.location());
        keys.destroy("BKA", 1);

        assertThat(file.kekId()).isEqualTo("verbund:kek:BKA:v2");
        assertThat(moved.location()).isNotEqualTo(inPack.location());
        assertThat(keys.version("BKA", 1)).isEmpty();
        assertThat(new CMSAuthEnvelopedData(Files.readAllBytes(vault.path(single))).getRecipientInfos().size()).isEqualTo(1);
        try (InputStream in = vault.open(single, null).orElseThrow()) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(Files.readAllBytes(big)));
        }
        try (InputStream in = vault.open(packed, moved.location()).orElseThrow()) {
            assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(Files.readAllBytes(small)));
        }
        // the data key did not change: the sealed text still opens
        assertThat(SealedField.open(vault.dataKey(single, null).orElseThrow(), single, SealedField.Field.TEXT, sealed))
                .isEqualTo("Text des Berichts");
        // a copy of the old header (an old backup) no longer opens: its key version is gone
        assertThatThrownBy(() -> vault.unwrapDataKey(new java.io.ByteArrayInputStream(oldHead)))
                .isInstanceOf(org.bouncycastle.cms.CMSException.class);
        assertThatThrownBy(() -> keys.destroy("BKA", 2)).isInstanceOf(IllegalArgumentException.class);
    }

    Path randomFile(int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path file = Files.createTempFile(dir, "plain", ".bin");
        Files.write(file, data);
        return file;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static boolean indexOf(byte[] haystack, byte[] needle, int length) {
        outer:
        for (int i = 0; i + length <= haystack.length; i++) {
            for (int j = 0; j < length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
