package de.verbund.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plaintext bytes of one uploaded original, read as often as the pipeline needs them (hash, provenance, text,
 * vault): held in memory when small, in a staged file otherwise. Whoever staged it deletes the file; nothing here
 * does. Each {@link #open} is a new stream that the caller closes.
 */
public sealed interface Original {

    /** Originals up to this size are held in memory (the vault packs originals up to the same size). */
    long IN_MEMORY_LIMIT = 1024 * 1024;

    /** Its size in bytes. */
    long size();

    /** A new stream of its bytes, from the first; the caller closes it. */
    InputStream open() throws IOException;

    /** All its bytes: the array itself when in memory (not to be changed), read from the file otherwise. */
    byte[] bytes() throws IOException;

    /** An original on disk, as it is now. */
    static Original of(Path file) throws IOException {
        return new OnDisk(file, Files.size(file));
    }

    /** An original held in memory; the array is not copied and must not change. */
    record InMemory(byte[] bytes) implements Original {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** An original in a file (larger than {@link #IN_MEMORY_LIMIT}, or given as a file). */
    record OnDisk(Path file, long size) implements Original {
        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }
    }
}
