package de.verbund.ingest.extract;

import de.verbund.problem.ProblemType;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parses untrusted files in a pool of warm child JVMs ({@link ExtractorMain}), each with its own heap limit.
 * A parse that overruns its wall time gets its process killed ({@code destroyForcibly}) and replaced; a process
 * that dies (out of memory, crash) is replaced too. One hostile file therefore costs one process, never the hub,
 * and other submissions keep being parsed by the other processes. Thread-safe.
 */
public final class IsolatedExtractor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IsolatedExtractor.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.concurrent.ExecutorService READERS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    private final ExtractionLimits limits;
    private final Path workDir;
    private final BlockingQueue<Worker> idle;
    private final List<String> command;
    /** Replacements for killed processes start without warm-up: a stream of hostile files must not buy CPU time. */
    private final List<String> coldCommand;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong killed = new AtomicLong();
    private volatile boolean closed;

    public IsolatedExtractor(ExtractionLimits limits, Path workDir) {
        this.limits = limits;
        this.workDir = workDir;
        this.idle = new ArrayBlockingQueue<>(limits.workers());
        this.command = childCommand(limits, limits.warmUpParses());
        this.coldCommand = childCommand(limits, 0);
        try {
            Files.createDirectories(workDir);
            try (var leftovers = Files.newDirectoryStream(workDir, "extract-*.json")) {
                for (Path leftover : leftovers) {
                    Files.delete(leftover); // results of parses that a crash interrupted: extracted content
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("extraction work folder " + workDir + " cannot be prepared", e);
        }
        for (int i = 0; i < limits.workers(); i++) {
            idle.add(new Worker(command));
        }
    }

    /**
     * Extracts text and metadata of one file.
     *
     * @throws ExtractionFailed with a stable reason when the file is rejected or the parse overran a limit
     */
    public Extraction extract(Path file, String fileName) {
        Worker worker;
        try {
            worker = idle.poll(limits.queueTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExtractionFailed(ProblemType.PARSER_BUSY, "interrupted while waiting for a parser");
        }
        if (worker == null) {
            throw new ExtractionFailed(ProblemType.PARSER_BUSY, "all parser processes are busy; try again later");
        }
        Path output = workDir.resolve("extract-" + requests.incrementAndGet() + "-" + ProcessHandle.current().pid() + ".json");
        try {
            String answer = worker.call(file.toAbsolutePath() + "\t" + output.toAbsolutePath() + "\t"
                    + fileName.replaceAll("[\\t\\r\\n]", "_"), limits.timeout().toMillis());
            if (answer.startsWith("OK")) {
                return read(output);
            }
            String[] parts = answer.split("\t", 3);
            String reason = parts.length > 1 ? parts[1] : "corrupt-file";
            throw new ExtractionFailed(ProblemType.ofSlug(reason).orElse(ProblemType.CORRUPT_FILE), parts.length > 2 ? parts[2] : ExtractorMain.message(reason));
        } catch (TimeoutException e) {
            killed.incrementAndGet();
            worker.kill();
            worker = new Worker(coldCommand);
            throw new ExtractionFailed(ProblemType.PARSE_TIMEOUT, "parsing took longer than " + limits.timeout().toSeconds() + " s");
        } catch (WorkerDied e) {
            killed.incrementAndGet();
            worker.kill();
            worker = new Worker(coldCommand);
            throw new ExtractionFailed(ProblemType.PARSER_OUT_OF_MEMORY, "the parser process ended while parsing this file "
                    + "(out of memory or crash)");
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                log.warn("parser output {} could not be deleted; removed at the next start: {}", output.getFileName(), e.toString());
            }
            if (!closed) {
                idle.add(worker);
            } else {
                worker.kill();
            }
        }
    }

    /**
     * The pool as operators see it: child JVMs configured and idle now, files parsed and children replaced (killed
     * for a limit or a crash) since start. No file names, no content.
     */
    public record PoolState(int workers, int idle, long requests, long replaced) {}

    public PoolState state() {
        return new PoolState(limits.workers(), idle.size(), requests.get(), killed.get());
    }

    /** How many parser processes were killed or lost since start. */
    public long processesReplaced() {
        return killed.get();
    }

    private Extraction read(Path output) {
        try {
            JsonNode node = JSON.readTree(output.toFile());
            List<Extraction.EmbeddedDocument> docs = new ArrayList<>();
            for (JsonNode d : node.get("documents")) {
                docs.add(new Extraction.EmbeddedDocument(d.get("path").asString(), d.get("contentType").asString(),
                        d.get("depth").asInt(), d.get("characters").asLong(), textOrNull(d.get("error"))));
            }
            String text = node.get("text").asString();
            return new Extraction(text, node.get("contentType").asString(), textOrNull(node.get("title")),
                    textOrNull(node.get("author")), textOrNull(node.get("created")), Languages.guess(text),
                    node.get("truncated").asBoolean(), node.get("embeddedLimitReached").asBoolean(), List.copyOf(docs));
        } catch (RuntimeException e) {
            throw new ExtractionFailed(ProblemType.CORRUPT_FILE, "the parser output could not be read", e);
        }
    }

    private static @Nullable String textOrNull(@Nullable JsonNode node) {
        return node == null || node.isNull() ? null : node.asString();
    }

    @Override
    public void close() {
        closed = true;
        Worker w;
        while ((w = idle.poll()) != null) {
            w.kill();
        }
    }

    static List<String> childCommand(ExtractionLimits limits, int warmUpParses) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + limits.heapMb() + "m", "-Xss4m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dverbund.extract.warmUpParses=" + warmUpParses,
                "-Dverbund.extract.maxCharacters=" + limits.maxCharacters(),
                "-Dverbund.extract.maxEmbedded=" + limits.maxEmbedded(),
                "-Dverbund.extract.maxDepth=" + limits.maxDepth(),
                "-Dverbund.extract.maxCompressionRatio=" + limits.maxCompressionRatio(),
                "-Dverbund.extract.ocrTimeoutSeconds=" + Math.max(5, limits.timeout().toSeconds() - 10)));
        String classPath = System.getProperty("java.class.path");
        if (isBootJar(classPath)) {
            cmd.addAll(List.of("-cp", classPath, "-Dloader.main=" + ExtractorMain.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            cmd.addAll(List.of("-cp", classPath, ExtractorMain.class.getName()));
        }
        return cmd;
    }

    private static boolean isBootJar(String classPath) {
        if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry("BOOT-INF/") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static final class WorkerDied extends Exception {
    }

    /** One child JVM and its line protocol. */
    private final class Worker {
        private final Process process;
        private final BufferedReader out;
        private final Writer in;

        Worker(List<String> command) {
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectError(workDir.resolve("extractor-stderr.log").toFile());
                builder.environment().keySet().removeIf(k -> k.startsWith("VERBUND_") || k.contains("PASSWORD") || k.contains("SECRET"));
                this.process = builder.start();
                this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("the parser process cannot be started", e);
            }
        }

        String call(String request, long timeoutMs) throws TimeoutException, WorkerDied {
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    String line = out.readLine();
                    while ("READY".equals(line)) {
                        line = out.readLine();
                    }
                    return line;
                } catch (IOException e) {
                    return null;
                }
            }, READERS);
            try {
                in.write(request + "\n");
                in.flush();
                String line = answer.get(timeoutMs, TimeUnit.MILLISECONDS);
                if (line == null) {
                    throw new WorkerDied();
                }
                return line;
            } catch (IOException | ExecutionException e) {
                throw new WorkerDied();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkerDied();
            }
        }

        void kill() {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("parser process {} ended", process.pid());
        }
    }
}
