package de.verbund.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

    private static final JsonMapper JSON = JsonMapper.builder().build();

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
                ? new TokenSource(issuer, "grant_type=client_credentials&client_id=" + enc(options.get("client-id"))
                        + "&client_secret=" + enc(options.getOrDefault("client-secret", "")))
                : new TokenSource(issuer, "grant_type=password&client_id=verbund-cli&username=" + enc(options.getOrDefault("user", ""))
                        + "&password=" + enc(options.getOrDefault("password", "")));
        Summary summary = run(hub, tokens::get, Files.readString(Path.of(options.get("labels"))), Path.of(folder), System.err);
        print(summary, System.out);
        System.exit(summary.rejected().isEmpty() ? 0 : 1);
    }

    /** Submits all files below {@code folder}; progress goes to {@code progress}. */
    public static Summary run(String hub, java.util.function.Supplier<String> token, String labelsJson, Path folder,
                              PrintStream progress) throws IOException, InterruptedException {
        JSON.readTree(labelsJson); // fail early on a malformed labels file
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
        int accepted = 0;
        int duplicates = 0;
        Map<String, String> rejected = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String name = folder.relativize(file).toString();
            try {
                HttpResponse<String> r = submit(http, hub, token.get(), file, labelsJson);
                if (r.statusCode() == 201) {
                    accepted++;
                } else if (r.statusCode() == 200) {
                    duplicates++;
                } else {
                    rejected.put(name, reason(r));
                }
            } catch (IOException e) {
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

    private static String reason(HttpResponse<String> r) {
        try {
            JsonNode problem = JSON.readTree(r.body());
            String type = problem.has("type") ? problem.get("type").asString().replace("urn:verbund:problem:", "") : "";
            return r.statusCode() + " " + type + (problem.has("detail") ? " – " + problem.get("detail").asString() : "");
        } catch (RuntimeException e) {
            return "HTTP " + r.statusCode();
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

    private static HttpResponse<String> submit(HttpClient http, String hub, String token, Path file, String labels)
            throws IOException, InterruptedException {
        String boundary = "verbund-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String fileName = file.getFileName().toString().replaceAll("[\"\\r\\n]", "_");
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"labels\"\r\nContent-Type: application/json\r\n\r\n"
                + labels + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(file));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(hub + "/api/v1/reports"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Fetches and renews access tokens; never prints them. */
    static final class TokenSource {
        private final String issuer;
        private final String form;
        private String token;
        private long fetched;

        TokenSource(String issuer, String form) {
            this.issuer = issuer;
            this.form = form;
        }

        synchronized String get() {
            if (token == null || System.currentTimeMillis() - fetched > 120_000) {
                try {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                    URI.create(issuer + "/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException("the identity provider refused a token (HTTP " + r.statusCode() + ")");
                    }
                    token = JSON.readTree(r.body()).get("access_token").asString();
                    fetched = System.currentTimeMillis();
                } catch (IOException e) {
                    throw new IllegalStateException("the identity provider does not answer: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return token;
        }
    }
}
