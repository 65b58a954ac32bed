package de.verbund.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Shared plumbing of the benchmarks: environment, the hub's client and tokens, Elasticsearch over HTTP, a table printer. */
final class Bench {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    final String hub = env("VERBUND_HUB_URL", "http://127.0.0.1:8080");
    final String es = env("VERBUND_ES_URL", "http://127.0.0.1:9200");
    final String esAuth = "Basic " + Base64.getEncoder().encodeToString(
            (env("VERBUND_ES_ADMIN_USER", "verbund_admin") + ":" + env("VERBUND_ES_ADMIN_PASSWORD", "")).getBytes(StandardCharsets.UTF_8));
    final String issuer = env("VERBUND_ISSUER", "http://localhost:8180/realms/verbund");

    /** {@code key=value} arguments. */
    static java.util.Map<String, String> args(String[] args) {
        java.util.Map<String, String> a = new java.util.TreeMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        return a;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    final VerbundClient client = new VerbundClient(hub);

    /** Tokens of a demo user (password grant of the development client). */
    TokenSource user(String name) {
        return TokenSource.password(issuer, "verbund-cli", name, "verbund-demo");
    }

    /** Tokens of the BKA's case system (client credentials). */
    TokenSource submitter() {
        return TokenSource.clientCredentials(issuer, "verbund-submitter-bka", "demo-secret-not-for-production");
    }

    HttpResponse<String> es(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(es + path)).header("Authorization", esAuth)
                .header("Content-Type", path.contains("_bulk") || path.contains("_msearch") ? "application/x-ndjson" : "application/json")
                .timeout(Duration.ofMinutes(5));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    long esCount(String index, String word) throws IOException, InterruptedException {
        HttpResponse<String> r = es("POST", "/" + index + "/_count",
                "{\"query\":{\"match\":{\"text\":\"" + word + "\"}}}");
        JsonNode n = JSON.readTree(r.body());
        return n.has("count") ? n.get("count").asLong() : -1;
    }

    VerbundClient.Response submitBatch(String token, List<String> names, List<byte[]> files, String labels) {
        List<VerbundClient.File> parts = new java.util.ArrayList<>(files.size());
        for (int i = 0; i < files.size(); i++) {
            parts.add(new VerbundClient.File(names.get(i), files.get(i)));
        }
        return client.submitBatch(token, parts, labels);
    }

    static String labels(String title) {
        return "{\"caseReference\":\"BENCH-1\",\"title\":\"" + title + "\",\"phenomenonArea\":\"CYBER\","
                + "\"classification\":\"VS-NFD\",\"releasableTo\":[\"ALL\"],\"handlingCode\":\"H0\",\"disclosure\":\"FULL\","
                + "\"collection\":\"OPEN\",\"reviewBy\":\"2030-01-01\"}";
    }

    static void row(String... cells) {
        StringBuilder b = new StringBuilder("|");
        for (String c : cells) {
            b.append(' ').append(c).append(" |");
        }
        System.out.println(b);
    }

    /** The value at {@code percentile} (nearest rank) of {@code values}, which are left as they are. */
    static long percentile(long[] values, double percentile) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1))];
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
