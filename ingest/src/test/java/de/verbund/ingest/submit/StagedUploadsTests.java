package de.verbund.ingest.submit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import de.verbund.ingest.Original;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StagedUploadsTests {

    @Test
    void smallUploadStaysInMemoryAndLargeOneGoesToAFileThatClosingDeletes() throws IOException {
        byte[] small = bytes((int) Original.IN_MEMORY_LIMIT);
        byte[] large = bytes((int) Original.IN_MEMORY_LIMIT + 1);
        Path file;
        try (StagedUploads staged = StagedUploads.stage(List.of(new Source("bericht.txt", small),
                new Source("anlage.pdf", large)))) {
            List<ReportSubmissions.Upload> uploads = staged.uploads();
            assertThat(uploads.get(0).content()).isInstanceOf(Original.InMemory.class);
            assertThat(uploads.get(0).name()).isEqualTo("bericht.txt");
            assertThat(read(uploads.get(0).content())).isEqualTo(small);

            assertThat(uploads.get(1).content()).isInstanceOfSatisfying(Original.OnDisk.class,
                    disk -> assertThat(disk.file()).exists());
            assertThat(uploads.get(1).content().size()).isEqualTo(large.length);
            assertThat(read(uploads.get(1).content())).isEqualTo(large); // the head read first and the rest, in order
            file = ((Original.OnDisk) uploads.get(1).content()).file();
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void memoryBudgetOfAllSubmissionsSpentThenSmallUploadsGoToFilesAndClosingReturnsIt() throws IOException {
        long before = StagedUploads.inMemoryNow();
        byte[] small = bytes(1024 * 1024);
        int fitting = (int) ((StagedUploads.MEMORY_BUDGET - before) / small.length);
        List<Source> sources = new java.util.ArrayList<>();
        for (int i = 0; i < fitting; i++) {
            sources.add(new Source("teil-" + i + ".txt", small));
        }
        try (StagedUploads first = StagedUploads.stage(sources)) {
            assertThat(first.uploads()).allSatisfy(u -> assertThat(u.content()).isInstanceOf(Original.InMemory.class));
            try (StagedUploads second = StagedUploads.stage(List.of(new Source("noch-einer.txt", small)))) {
                // another submission at the same time: the budget is spent, so its small file is staged on disk
                assertThat(second.uploads().getFirst().content()).isInstanceOf(Original.OnDisk.class);
                assertThat(read(second.uploads().getFirst().content())).isEqualTo(small);
            }
        }
        assertThat(StagedUploads.inMemoryNow()).isEqualTo(before);
        try (StagedUploads after = StagedUploads.stage(List.of(new Source("danach.txt", small)))) {
            assertThat(after.uploads().getFirst().content()).isInstanceOf(Original.InMemory.class);
        }
    }

    @Test
    void contentCanBeReadAgainAndAgain() throws IOException {
        byte[] text = "Bericht über Anlagebetrug, Rückruf unter 0171 2345678".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (StagedUploads staged = StagedUploads.stage(List.of(new Source("bericht.txt", text)))) {
            Original content = staged.uploads().getFirst().content();
            assertThat(read(content)).isEqualTo(text);
            assertThat(read(content)).isEqualTo(text); // hash, text and vault each read it
            assertThat(ReportSubmissions.sha256(content)).isEqualTo(java.util.HexFormat.of().formatHex(
                    sha256(text)));
        }
    }

    private static byte[] read(Original original) throws IOException {
        try (InputStream in = original.open()) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Source(String name, byte[] data) implements StagedUploads.Source {
        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }

        @Override
        public byte @Nullable [] signature() {
            return null;
        }
    }
}
