package de.verbund.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to a hub over HTTP as a case system or an analyst's tool does. Every call takes the access token to send
 * ({@code null} sends none, for tests of the refusal). Answers are returned whatever their status; problem details
 * are in the body.
 */
public final class VerbundClient {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final HttpClient http;
    private final Duration timeout;

    /** @param hub e.g. {@code http://127.0.0.1:8080} */
    public VerbundClient(String hub) {
        this(hub, defaultHttp(), Duration.ofMinutes(5));
    }

    public VerbundClient(String hub, HttpClient http, Duration timeout) {
        this.base = hub.endsWith("/") ? hub.substring(0, hub.length() - 1) : hub;
        this.http = http;
        this.timeout = timeout;
    }

    static HttpClient defaultHttp() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** An answer of the hub. */
    public record Response(int status, String body, HttpHeaders headers) {
        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        /** The problem type's slug of a problem detail ({@code zip-bomb}), empty when the body is none. */
        public String problemType() {
            try {
                JsonNode type = json().get("type");
                return type == null ? "" : type.asString().replace("urn:verbund:problem:", "");
            } catch (RuntimeException e) {
                return "";
            }
        }
    }

    /** A file to submit. */
    public record File(String name, byte[] content) {}

    /** {@code POST /api/v1/reports}: one file with its labels and an optional detached CMS signature. */
    public Response submit(@Nullable String token, File file, String labelsJson, byte @Nullable [] signature) {
        Multipart body = new Multipart().text("labels", "application/json", labelsJson)
                .file("file", file.name(), "application/octet-stream", file.content());
        if (signature != null) {
            body.file("signature", "sig.p7s", "application/pkcs7-signature", signature);
        }
        return send(multipart("/api/v1/reports", body), token);
    }

    public Response submit(@Nullable String token, File file, String labelsJson) {
        return submit(token, file, labelsJson, null);
    }

    /** {@code POST /api/v1/reports/batch}: many files with one set of labels. */
    public Response submitBatch(@Nullable String token, List<File> files, String labelsJson) {
        Multipart body = new Multipart().text("labels", "application/json", labelsJson);
        files.forEach(f -> body.file("file", f.name(), "application/octet-stream", f.content()));
        return send(multipart("/api/v1/reports/batch", body), token);
    }

    /** {@code POST /api/v1/reports/{id}/versions}: a new version of a report's content, with the reason. */
    public Response supersede(@Nullable String token, String reportId, File file, String reason) {
        Multipart body = new Multipart().text("reason", "text/plain; charset=UTF-8", reason)
                .file("file", file.name(), "application/octet-stream", file.content());
        return send(multipart("/api/v1/reports/" + reportId + "/versions", body), token);
    }

    /** {@code POST /api/v1/search} with a request body such as {@code {"query", "purpose", "caseReference"}}. */
    public Response search(@Nullable String token, Map<String, ?> request) {
        return post(token, "/api/v1/search", JSON.writeValueAsString(request));
    }

    /** {@code POST /api/v1/selectors/check} with {@code {"selectors": [...], "purpose", "caseReference"}}. */
    public Response checkSelectors(@Nullable String token, Map<String, ?> request) {
        return post(token, "/api/v1/selectors/check", JSON.writeValueAsString(request));
    }

    public Response post(@Nullable String token, String path, String jsonBody) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody)), token);
    }

    public Response get(@Nullable String token, String pathAndQuery) {
        return get(token, pathAndQuery, Map.of());
    }

    public Response get(@Nullable String token, String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        headers.forEach(request::header);
        return send(request, token);
    }

    private HttpRequest.Builder multipart(String path, Multipart body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", body.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.finish()));
    }

    private Response send(HttpRequest.Builder request, @Nullable String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException("the hub did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the hub", e);
        }
    }
}
