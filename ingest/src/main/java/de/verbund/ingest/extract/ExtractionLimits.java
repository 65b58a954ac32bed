package de.verbund.ingest.extract;

import java.time.Duration;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits for parsing one untrusted file (docs/lessons.md: a thread interrupt is not a limit; Tika treats DoS as out of
 * scope). Enforced in a child JVM that is killed and replaced when it overruns.
 *
 * @param workers number of warm parser processes (parallel parses)
 * @param timeout wall time per file, OCR included
 * @param heapMb heap of each parser process; an out-of-memory ends only that process
 * @param maxCharacters characters of text kept per file (over all embedded documents)
 * @param maxEmbedded embedded documents per file
 * @param maxDepth nesting depth of containers (zip in zip in mail …)
 * @param maxCompressionRatio output characters per input byte before a file counts as a zip bomb
 * @param queueTimeout how long a submission waits for a free parser process
 * @param warmUpParses sample parses each parser process runs at start, so that its JIT has compiled the parsers
 * @param workDir scratch folder of the parser processes; the system's temporary folder when unset
 */
public record ExtractionLimits(@DefaultValue("2") int workers, @DefaultValue("60s") Duration timeout,
                               @DefaultValue("512") int heapMb, @DefaultValue("10000000") int maxCharacters,
                               @DefaultValue("1000") int maxEmbedded, @DefaultValue("5") int maxDepth,
                               @DefaultValue("100") long maxCompressionRatio,
                               @DefaultValue("120s") Duration queueTimeout,
                               @DefaultValue("300") int warmUpParses, @Nullable Path workDir) {

    public ExtractionLimits {
        if (workers < 1 || warmUpParses < 0 || heapMb < 64 || maxCharacters < 1000 || maxEmbedded < 0 || maxDepth < 0 || maxCompressionRatio < 2) {
            throw new IllegalArgumentException("invalid extraction limits");
        }
    }

    public static ExtractionLimits defaults() {
        return new ExtractionLimits(2, Duration.ofSeconds(60), 512, 10_000_000, 1000, 5, 100, Duration.ofSeconds(120), 300,
                null);
    }

    /** Where the parser processes write their output. */
    public Path work() {
        return workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "verbund-extract");
    }
}
