package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import de.verbund.client.VerbundClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content-Security-Policy on the API and on Swagger UI, checked in a real browser: headless Chromium from Debian
 * ({@code VERBUND_CHROMIUM}, provided by {@code deploy/local/test.sh}; without it the test fails) renders Swagger UI
 * with every operation and reports no CSP violation on its console.
 */
@HubTest
class SwaggerUiTests {

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    @Test
    void swaggerUiRendersUnderItsPolicyWithoutViolations() throws Exception {
        String chromium = System.getenv("VERBUND_CHROMIUM");
        assertThat(chromium).as("VERBUND_CHROMIUM (set by deploy/local/test.sh)").isNotBlank();
        Path dom = dir.resolve("dom.html");
        Path console = dir.resolve("console.log");
        Process browser = new ProcessBuilder(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=15000", "--dump-dom", "http://127.0.0.1:" + port + "/swagger-ui/index.html"))
                .redirectOutput(dom.toFile()).redirectError(console.toFile()).start();
        assertThat(browser.waitFor(90, TimeUnit.SECONDS)).as("Chromium finished within 90 s").isTrue();
        String page = Files.readString(dom, StandardCharsets.UTF_8);
        String log = Files.readString(console, StandardCharsets.UTF_8);

        assertThat(page).as("Swagger UI rendered the operations").contains("data-path=\"/api/v1/search\"",
                "data-path=\"/api/v1/selectors/check\"");
        assertThat(log).as("CSP violations on the console").doesNotContain("Content Security Policy");
    }

    @Test
    void apiAnswersCarryTheStrictPolicy() {
        VerbundClient.Response r = new HubClient(port).get(null, "/api/v1/audit/public-key");
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "frame-ancestors 'none'"));
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }
}
