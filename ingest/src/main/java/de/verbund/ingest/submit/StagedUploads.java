package de.verbund.ingest.submit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import de.verbund.ingest.Original;

import org.jspecify.annotations.Nullable;

/**
 * Uploaded files staged for the pipeline, which reads each file several times (hash, parser, vault): up to
 * {@link Original#IN_MEMORY_LIMIT} in memory (the multipart parts of that size are in memory already, and on these
 * machines creating, replacing and deleting a temporary file per report cost more CPU than everything else of a text
 * report's submission but its key wrap), larger ones in temporary files. All submissions together hold at most
 * {@link #MEMORY_BUDGET} bytes in memory; beyond it small files are staged on disk too, so concurrent large batches
 * cannot take the heap. Closing deletes the files and returns the memory; the caller closes, also when the submission
 * fails.
 */
public final class StagedUploads implements AutoCloseable {

    /** One uploaded file as the web edge received it. */
    public interface Source {
        /** The file name the submitter gave; {@code upload} when none. */
        String name();

        /** A new stream of the file's bytes; the caller closes it. */
        InputStream open() throws IOException;

        /** A detached CMS signature over the file, if one came with it. */
        byte @Nullable [] signature() throws IOException;
    }

    /** Bytes of uploads held in memory by all submissions in progress together, at most. */
    static final long MEMORY_BUDGET = 128L * 1024 * 1024;
    private static final AtomicLong IN_MEMORY = new AtomicLong();

    private final List<ReportSubmissions.Upload> uploads = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private long inMemory;

    private StagedUploads() {
    }

    public static StagedUploads stage(List<? extends Source> sources) throws IOException {
        StagedUploads staged = new StagedUploads();
        try {
            for (Source source : sources) {
                try (InputStream in = source.open()) {
                    byte[] head = in.readNBytes((int) Original.IN_MEMORY_LIMIT + 1);
                    if (head.length <= Original.IN_MEMORY_LIMIT && reserve(head.length)) {
                        staged.inMemory += head.length;
                        staged.uploads.add(new ReportSubmissions.Upload(new Original.InMemory(head), source.name(),
                                source.signature()));
                        continue;
                    }
                    Path tmp = Files.createTempFile("verbund-upload-", ".bin");
                    staged.files.add(tmp);
                    try (OutputStream out = Files.newOutputStream(tmp)) {
                        out.write(head);
                        in.transferTo(out);
                    }
                    staged.uploads.add(new ReportSubmissions.Upload(Original.of(tmp), source.name(), source.signature()));
                }
            }
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    private static boolean reserve(long bytes) {
        if (IN_MEMORY.addAndGet(bytes) <= MEMORY_BUDGET) {
            return true;
        }
        IN_MEMORY.addAndGet(-bytes);
        return false;
    }

    /** Bytes of uploads that submissions in progress hold in memory now. */
    static long inMemoryNow() {
        return IN_MEMORY.get();
    }

    public List<ReportSubmissions.Upload> uploads() {
        return List.copyOf(uploads);
    }

    @Override
    public void close() throws IOException {
        IN_MEMORY.addAndGet(-inMemory);
        inMemory = 0;
        IOException failure = null;
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
