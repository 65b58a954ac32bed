package de.verbund.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

import tools.jackson.databind.JsonNode;

/**
 * Submits every file of a folder (recursively) with one labels file, as a case system would:
 * <pre>
 *   java -jar verbund-cli-exec.jar --hub http://127.0.0.1:8080 --issuer http://localhost:8180/realms/verbund \
 *        --client-id verbund-submitter-bka --client-secret … --labels labels.json FOLDER
 *   (or --user submitter-bka --password … with the development client verbund-cli)
 * </pre>
 * Shows a progress bar on stderr and ends with a summary: accepted, duplicates, rejected with their reasons.
 * Exit code 0 when nothing was rejected, 1 when something was, 2 for wrong usage.
 */
public final class SubmitFolder {

    public record Summary(int accepted, int duplicates, Map<String, String> rejected) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        String folder = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                options.put(args[i].substring(2), args[++i]);
            } else {
                folder = args[i];
            }
        }
        if (folder == null || !options.containsKey("labels")) {
            System.err.println("usage: --hub URL --issuer URL (--client-id ID --client-secret S | --user U --password P) "
                    + "--labels labels.json FOLDER");
            System.exit(2);
        }
        String hub = options.getOrDefault("hub", "http://127.0.0.1:8080");
        String issuer = options.getOrDefault("issuer", "http://localhost:8180/realms/verbund");
        TokenSource tokens = options.containsKey("client-id")
                ? TokenSource.clientCredentials(issuer, options.get("client-id"), options.getOrDefault("client-secret", ""))
                : TokenSource.password(issuer, "verbund-cli", options.getOrDefault("user", ""),
                        options.getOrDefault("password", ""));
        Summary summary = run(hub, tokens, Files.readString(Path.of(options.get("labels"))), Path.of(folder), System.err);
        print(summary, System.out);
        System.exit(summary.rejected().isEmpty() ? 0 : 1);
    }

    /** Submits all files below {@code folder}; progress goes to {@code progress}. */
    public static Summary run(String hub, Supplier<String> token, String labelsJson, Path folder,
                              PrintStream progress) throws IOException {
        VerbundClient.JSON.readTree(labelsJson); // fail early on a malformed labels file
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        VerbundClient client = new VerbundClient(hub);
        int accepted = 0;
        int duplicates = 0;
        Map<String, String> rejected = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String name = folder.relativize(file).toString();
            try {
                VerbundClient.Response r = client.submit(token.get(),
                        new VerbundClient.File(file.getFileName().toString(), Files.readAllBytes(file)), labelsJson);
                if (r.status() == 201) {
                    accepted++;
                } else if (r.status() == 200) {
                    duplicates++;
                } else {
                    rejected.put(name, reason(r));
                }
            } catch (IOException | UncheckedIOException e) {
                rejected.put(name, "not sent: " + e.getMessage());
            }
            bar(progress, i + 1, files.size(), name);
        }
        progress.println();
        return new Summary(accepted, duplicates, rejected);
    }

    static void print(Summary s, PrintStream out) {
        out.println("accepted:   " + s.accepted());
        out.println("duplicates: " + s.duplicates());
        out.println("rejected:   " + s.rejected().size());
        s.rejected().forEach((file, reason) -> out.println("  " + file + ": " + reason));
    }

    private static String reason(VerbundClient.Response r) {
        try {
            JsonNode problem = r.json();
            return r.status() + " " + r.problemType() + (problem.has("detail") ? " – " + problem.get("detail").asString() : "");
        } catch (RuntimeException e) {
            return "HTTP " + r.status();
        }
    }

    private static void bar(PrintStream out, int done, int total, String current) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        String shown = current.length() > 40 ? "…" + current.substring(current.length() - 39) : current;
        out.print("\r[" + "#".repeat(filled) + ".".repeat(width - filled) + "] " + done + "/" + total + " " + shown
                + " ".repeat(Math.max(0, 41 - shown.length())));
        out.flush();
    }
}
