package de.verbund.ingest.submit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Uploaded files copied to temporary files for the pipeline, which reads each file several times (hash, parser,
 * vault). Closing deletes them; the caller closes, also when the submission fails.
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

    private final List<ReportSubmissions.Upload> uploads = new ArrayList<>();

    private StagedUploads() {
    }

    public static StagedUploads stage(List<? extends Source> sources) throws IOException {
        StagedUploads staged = new StagedUploads();
        try {
            for (Source source : sources) {
                Path tmp = Files.createTempFile("verbund-upload-", ".bin");
                staged.uploads.add(new ReportSubmissions.Upload(tmp, source.name(), source.signature()));
                try (InputStream in = source.open()) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return staged;
        } catch (IOException | RuntimeException e) {
            staged.close();
            throw e;
        }
    }

    public List<ReportSubmissions.Upload> uploads() {
        return List.copyOf(uploads);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (ReportSubmissions.Upload upload : uploads) {
            try {
                Files.deleteIfExists(upload.file());
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
