package de.verbund.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analyst's web UI in a real browser ({@link Browser}), logged in through the real Keycloak login page.
 */
@HubTest
class WebUiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path profile;

    Browser session;
    WebDriver browser;
    WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        session = new Browser(base(), profile);
        browser = session.driver;
        wait = session.wait;
    }

    @AfterEach
    void stopBrowser() {
        if (session != null) {
            session.close();
        }
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    void login(String user) {
        session.login(user);
    }

    void screenshot(String name) throws java.io.IOException {
        session.screenshot(name);
    }

    List<String> cspViolations() {
        return session.cspViolations();
    }

    String submit(String text, Map<String, Object> labels) {
        var r = new HubClient(port).submit(Tokens.of("submitter-bka"), text.getBytes(StandardCharsets.UTF_8), "bericht.txt",
                TestReports.json(labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    void awaitIndexed(String word, int count) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            var r = new HubClient(port).search(Tokens.of("analyst-bka"), Map.of("query", word, "purpose", "Test",
                    "caseReference", "T-1"));
            if (r.json().path("total").asInt() == count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not indexed: " + word);
    }

    @Test
    void analystFindsReleasedReportAndNotTheSecretOne() throws Exception {
        String shared = TestReports.uniqueWord();
        String canary = TestReports.uniqueWord();
        String released = "Freigegebener Lagebericht " + TestReports.uniqueWord();
        submit("Phishing-Welle gegen Sparkassenkunden " + shared, TestReports.with(TestReports.labels(), "title", released));
        submit("Geheimer Quellenbericht " + shared + " " + canary, TestReports.with(TestReports.with(TestReports.labels(),
                "title", "Geheim " + canary), "classification", "GEHEIM"));
        awaitIndexed(shared, 2); // analyst-bka holds GEHEIM: both are indexed

        login("analyst-nw");
        // before the first consultation the analyst states file number and purpose
        String caseReference = "LKA-NW-K3-" + shared;
        wait.until(ExpectedConditions.urlContains("/ui/zweck"));
        session.assertAccessible();
        statePurpose(caseReference);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("q")));
        assertThat(browser.findElement(By.cssSelector(".purpose")).getText()).contains(caseReference);

        browser.findElement(By.id("q")).sendKeys(shared);
        browser.findElement(By.cssSelector("form.search button")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".total"), "1 Treffer"));
        assertThat(browser.findElements(By.cssSelector(".hit-title"))).extracting(e -> e.getText()).containsExactly(released);
        screenshot("analyst-search");
        session.assertAccessible();
        assertThat(browser.findElement(By.cssSelector(".snippet mark")).getText()).isEqualToIgnoringCase(shared);
        assertThat(browser.getPageSource()).doesNotContain(canary).doesNotContain("GEHEIM");
        // the facets count only what the analyst may read
        assertThat(browser.findElement(By.cssSelector(".facets")).getText()).doesNotContain("GEHEIM");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE actor_name = 'analyst-nw' "
                + "AND action = 'SEARCH' AND case_reference = ?", Long.class, caseReference))
                .as("the page's search is audited with the session's file number").isEqualTo(1);
        assertThat(cspViolations()).isEmpty();
    }

    void statePurpose(String caseReference) {
        session.statePurpose(caseReference);
    }

    boolean alertShown() {
        try {
            new WebDriverWait(browser, Duration.ofMillis(500)).until(ExpectedConditions.alertIsPresent());
            return true;
        } catch (org.openqa.selenium.TimeoutException none) {
            return false;
        }
    }

    /**
     * The report page: markings at the top and bottom, the handling banner, the search words marked with next links,
     * selectors as searches, the original as a download; a title, text and file name full of markup and direction
     * tricks show as text and run nothing; an unreadable report looks exactly like an unknown id.
     */
    @Test
    void analystReadsReportWithMarkingsAndHostileContentStaysText() throws Exception {
        String word = TestReports.uniqueWord();
        String hostileTitle = "<script>alert(1)</script>\"><img src=x onerror=alert(2)> \u202Egnp.exe \u200B" + word;
        String text = "Lagebild " + word + ": <script>alert(3)</script> <a href=\"javascript:alert(4)\">klick</a> "
                + "Kontakt 198.51.100.23 und nochmal " + word + ".";
        String hostileNote = "<b onmouseover=alert(6)>Nur SG12</b>";
        String hostileCaseReference = "BKA-\"><script>alert(7)</script>-" + word;
        var labels = TestReports.with(TestReports.with(TestReports.with(TestReports.with(TestReports.labels(),
                "title", hostileTitle), "handlingCode", "H3"), "handlingNote", hostileNote), "caseReference", hostileCaseReference);
        var r = new HubClient(port).submit(Tokens.of("submitter-bka"), text.getBytes(StandardCharsets.UTF_8),
                "<img src=x onerror=alert(5)>.txt", TestReports.json(labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asString();
        String secretCanary = TestReports.uniqueWord();
        // shares a selector with the readable report: it must not show among the related reports
        String secretId = submit("Quelle " + secretCanary + " Kontakt 198.51.100.23", TestReports.with(TestReports.with(TestReports.labels(),
                "title", "Geheim " + secretCanary), "classification", "GEHEIM"));
        awaitIndexed(word, 1);

        login("analyst-nw");
        statePurpose("LKA-NW-K3-" + word);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("q"))).sendKeys(word);
        browser.findElement(By.cssSelector("form.search button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".hit-title a"))).click();
        wait.until(ExpectedConditions.urlContains("/ui/berichte/" + id));

        assertThat(browser.findElement(By.tagName("h1")).getText())
                .contains("<script>alert(1)</script>", "onerror", "[U+202E]gnp.exe [U+200B]" + word);
        assertThat(browser.findElements(By.cssSelector("img"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("main a[href^='javascript']"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector(".marking-bar.top")).getText()).isEqualTo("VS-NFD");
        assertThat(browser.findElement(By.cssSelector(".marking-bar.bottom")).getText()).isEqualTo("VS-NFD");
        assertThat(browser.findElement(By.cssSelector(".handling")).getText()).startsWith("H3").contains(hostileNote);
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains(hostileCaseReference);
        assertThat(browser.findElements(By.cssSelector("main b, main script"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector(".text mark"))).hasSize(2);
        assertThat(browser.findElement(By.cssSelector(".text")).getText()).contains("<script>alert(3)</script>");
        assertThat(browser.findElement(By.cssSelector(".selectors")).getText()).contains("ip:198.51.100.23");
        assertThat(alertShown()).as("no script ran").isFalse();
        screenshot("analyst-report");
        assertThat(browser.getPageSource()).as("related reports").doesNotContain(secretCanary);
        assertThat(browser.findElements(By.cssSelector(".text a.prev"))).as("previous-match link of the second mark").hasSize(1);
        browser.findElement(By.cssSelector("a.check-link[href*='198.51.100.23']")).click();
        wait.until(ExpectedConditions.urlContains("/ui/pruefung"));
        assertThat(browser.findElement(By.id("selektoren")).getAttribute("value")).isEqualTo("ip:198.51.100.23");
        browser.navigate().back();
        session.assertAccessible();

        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        String cookie = "VERBUND_SESSION=" + browser.manage().getCookieNamed("VERBUND_SESSION").getValue();
        HttpResponse<byte[]> original = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/berichte/" + id + "/original"))
                .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        assertThat(new String(original.body(), StandardCharsets.UTF_8)).isEqualTo(text);

        // the secret report and an id that never existed: the same page, and nothing of the report
        browser.get(base() + "/ui/berichte/" + secretId);
        String secretPage = browser.findElement(By.tagName("main")).getText();
        browser.get(base() + "/ui/berichte/" + java.util.UUID.randomUUID());
        assertThat(browser.findElement(By.tagName("main")).getText()).isEqualTo(secretPage);
        assertThat(secretPage).doesNotContain(secretCanary);
        assertThat(browser.getPageSource()).doesNotContain(secretCanary);
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void reportPageShowsTheEmbeddedDocumentsAsATree() throws Exception {
        String word = TestReports.uniqueWord();
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("vernehmung.txt"));
            out.write(("Vernehmung " + word).getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new java.util.zip.ZipEntry("anlagen/kontoauszug.txt"));
            out.write(("Kontoauszug " + word).getBytes(StandardCharsets.UTF_8));
        }
        var r = new HubClient(port).submit(Tokens.of("submitter-bka"), zip.toByteArray(), "akte.zip",
                TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        String id = r.json().path("id").asString();

        login("analyst-nw");
        statePurpose("LKA-NW-K6-" + word);
        browser.get(base() + "/ui/berichte/" + id);
        List<WebElement> documents = wait.until(ExpectedConditions.presenceOfAllElementsLocatedBy(By.cssSelector("ul.documents li")));
        assertThat(documents).extracting(WebElement::getText).anySatisfy(t -> assertThat(t).contains("vernehmung.txt"))
                .anySatisfy(t -> assertThat(t).contains("kontoauszug.txt"));
        session.assertAccessible();
        assertThat(cspViolations()).isEmpty();
    }

    /** Presses Tab until the focused element matches {@code css}; fails after 40 presses. */
    void tabTo(String css) {
        for (int i = 0; i < 40; i++) {
            new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
            WebElement focused = browser.switchTo().activeElement();
            if (Boolean.TRUE.equals(((org.openqa.selenium.JavascriptExecutor) browser)
                    .executeScript("return arguments[0].matches(arguments[1]);", focused, css))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + css + " on " + browser.getCurrentUrl());
    }

    void type(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(keys).perform();
    }

    /** The analyst's path with the keyboard alone: purpose, search, open a hit, next mark; the first Tab is the skip link. */
    @Test
    void analystPathWorksWithTheKeyboardAlone() throws Exception {
        String word = TestReports.uniqueWord();
        String id = submit("Lagebild " + word + " und nochmal " + word, TestReports.labels());
        awaitIndexed(word, 1);

        login("analyst-nw");
        wait.until(ExpectedConditions.urlContains("/ui/zweck"));
        new org.openqa.selenium.interactions.Actions(browser).sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(browser.switchTo().activeElement().getAttribute("class")).as("first Tab: skip link").contains("skip");
        tabTo("#aktenzeichen");
        type("LKA-NW-K5-" + word);
        tabTo("#zweck");
        type("Abgleich", org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/ui/suche"));
        tabTo("#q");
        type(word, org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".total"), "1 Treffer"));
        tabTo(".hit-title a");
        type(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("/ui/berichte/" + id));
        tabTo("a.next");
        type(org.openqa.selenium.Keys.ENTER);
        wait.until(ExpectedConditions.urlContains("#"));
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void stateChangeWithoutCsrfTokenRefusedAndLogoutEndsTheSession() throws Exception {
        login("analyst-nw");
        Cookie session = browser.manage().getCookieNamed("VERBUND_SESSION");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");

        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/zweck"))
                .header("Cookie", "VERBUND_SESSION=" + session.getValue())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("aktenzeichen=X&zweck=Y")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as("POST without CSRF token").isEqualTo(403);

        browser.get(base() + "/ui/zweck");
        browser.findElement(By.cssSelector("header form button")).click();
        wait.until(ExpectedConditions.urlContains("/ui/abgemeldet"));
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(base() + "/ui/suche"))
                .header("Cookie", "VERBUND_SESSION=" + session.getValue()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).as("the old session cookie no longer opens a page").isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).contains("/oauth2/authorization/keycloak");
        // the identity provider's session ended too: the next visit asks for the password again
        browser.get(base() + "/ui/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(cspViolations()).isEmpty();
    }
}
