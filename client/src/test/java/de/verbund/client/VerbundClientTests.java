package de.verbund.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a small HTTP server on loopback that records what arrives and answers like the hub and the IdP. */
class VerbundClientTests {

    record Received(String method, String path, Map<String, List<String>> headers, String body) {}

    HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger tokensIssued = new AtomicInteger();
    volatile int expiresIn = 300;
    volatile int tokenStatus = 200;
    String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        String answer;
        int status = 200;
        if (exchange.getRequestURI().getPath().endsWith("/protocol/openid-connect/token")) {
            status = tokenStatus;
            answer = "{\"access_token\":\"token-" + tokensIssued.incrementAndGet() + "\",\"expires_in\":" + expiresIn + "}";
        } else if (exchange.getRequestURI().getPath().equals("/api/v1/reports")) {
            status = 422;
            answer = "{\"type\":\"urn:verbund:problem:zip-bomb\",\"status\":422,\"detail\":\"rejected\"}";
        } else {
            answer = "{\"total\":0}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void submitThenOneMultipartRequestWithLabelsFileAndToken() {
        VerbundClient client = new VerbundClient(base);

        VerbundClient.Response r = client.submit("t-1", new VerbundClient.File("bericht \"1\".txt",
                "Inhalt".getBytes(StandardCharsets.UTF_8)), "{\"title\":\"T\"}", new byte[] {1, 2});

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.problemType()).isEqualTo("zip-bomb");
        Received request = received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer t-1");
        String type = request.headers().get("Content-type").getFirst();
        assertThat(type).startsWith("multipart/form-data; boundary=");
        String boundary = type.substring(type.indexOf('=') + 1);
        assertThat(request.body()).startsWith("--" + boundary + "\r\n").endsWith("--" + boundary + "--\r\n")
                .contains("name=\"labels\"", "{\"title\":\"T\"}", "name=\"file\"; filename=\"bericht _1_.txt\"",
                        "Inhalt", "name=\"signature\"");
    }

    @Test
    void batchThenEveryFileItsOwnPart() {
        new VerbundClient(base).submitBatch("t", List.of(new VerbundClient.File("a.txt", new byte[] {65}),
                new VerbundClient.File("b.txt", new byte[] {66})), "{}");

        Received request = received.getFirst();
        assertThat(request.path()).isEqualTo("/api/v1/reports/batch");
        assertThat(request.body().split("name=\"file\"", -1)).hasSize(3);
    }

    @Test
    void searchWithoutTokenThenNoAuthorizationHeader() {
        VerbundClient.Response r = new VerbundClient(base).search(null, Map.of("query", "Phishing"));

        assertThat(r.json().get("total").asLong()).isZero();
        assertThat(received.getFirst().headers()).doesNotContainKey("Authorization");
        assertThat(received.getFirst().body()).isEqualTo("{\"query\":\"Phishing\"}");
    }

    @Test
    void tokenThenKeptUntilShortlyBeforeExpiry() {
        TokenSource tokens = TokenSource.clientCredentials(base + "/realms/verbund", "case-system", "secret");

        assertThat(tokens.get()).isEqualTo("token-1");
        assertThat(tokens.get()).isEqualTo("token-1");
        assertThat(tokensIssued).hasValue(1);
        assertThat(received.getFirst().body()).contains("grant_type=client_credentials", "client_id=case-system");
    }

    @Test
    void tokenAboutToExpireThenFetchedAgain() {
        expiresIn = 20; // below the 30-second margin
        TokenSource tokens = TokenSource.password(base + "/realms/verbund", "verbund-cli", "analyst-by", "p&w=1");

        assertThat(tokens.get()).isEqualTo("token-1");
        assertThat(tokens.get()).isEqualTo("token-2");
        assertThat(received.getFirst().body()).contains("grant_type=password", "username=analyst-by", "password=p%26w%3D1");
    }

    @Test
    void refusedTokenThenErrorWithoutSecrets() {
        tokenStatus = 401;
        TokenSource tokens = TokenSource.password(base + "/realms/verbund", "verbund-cli", "analyst-by", "geheim");

        assertThatThrownBy(tokens::get).isInstanceOf(TokenSource.TokenRefused.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("analyst-by").hasMessageNotContaining("geheim");
    }
}
