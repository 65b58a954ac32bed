package de.verbund.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * CPU time of the local processes a benchmark drives, read from {@code /proc} (user + system, all threads; Linux
 * counts in clock ticks of 1/100 s): steadier on these shared machines than rates (performance issue).
 */
final class ProcessCpu {

    /** The hub's JVM (started by deploy/local/hub.sh), not its parser processes. */
    static final Predicate<String> HUB = c -> c.contains("-jar") && c.contains("hub") && c.endsWith(".jar")
            && !c.contains("ExtractorMain");
    /** The hub's isolated parser processes. */
    static final Predicate<String> PARSERS = c -> c.contains("de.verbund.ingest.extract.ExtractorMain");
    /** The PostgreSQL server with all its backends. */
    static final Predicate<String> POSTGRES = c -> c.startsWith("postgres") || c.contains("/bin/postgres ");
    /** Elasticsearch's JVM. */
    static final Predicate<String> ELASTICSEARCH = c -> c.contains("org.elasticsearch.bootstrap.Elasticsearch");

    private ProcessCpu() {
    }

    /** CPU seconds used so far by every process whose command line matches. */
    static double seconds(Predicate<String> process) {
        return seconds(process, false);
    }

    /**
     * @param exitedChildren also the time of children that have ended (PostgreSQL's backends come and go with the
     *        pool's connections; the postmaster collects their time when they end)
     */
    static double seconds(Predicate<String> process, boolean exitedChildren) {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ').trim();
                    if (!process.test(cmdline)) {
                        continue;
                    }
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
                    if (exitedChildren) {
                        ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]); // cutime, cstime
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("/proc cannot be read", e);
        }
        return ticks / 100.0;
    }

    /** CPU seconds of hub, parsers, PostgreSQL and Elasticsearch, in that order. */
    static double[] all() {
        return new double[] {seconds(HUB), seconds(PARSERS, true), seconds(POSTGRES, true), seconds(ELASTICSEARCH)};
    }

    /** Milliseconds of CPU per item of each part between two {@link #all()} readings. */
    static String perItem(double[] before, double[] after, long items) {
        String[] names = {"hub", "parsers", "PostgreSQL", "Elasticsearch"};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            s.append(i == 0 ? "" : ", ").append(names[i]).append(' ')
                    .append(Bench.f(1000 * (after[i] - before[i]) / items)).append(" ms");
        }
        return s.toString();
    }
}
