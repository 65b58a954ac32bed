package de.verbund.system;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import de.verbund.audit.Checkpointer;
import de.verbund.auditverify.Verify;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each role's main path in a real browser, logged in through Keycloak's own page: the analyst's selector check and
 * access request, the approver's decision and notifications, the submitter's upload, oversight's pages and export,
 * the administrator's health page; each role sees only its menu and gets 403 on another's pages. Every page visited
 * is checked by axe-core (WCAG 2.1 A/AA) and for CSP violations.
 */
@HubTest
class WebRolesTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Checkpointer checkpointer;

    @TempDir
    Path profile;

    Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = new Browser("http://127.0.0.1:" + port, profile);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    String submit(String user, String text, Map<String, Object> labels) {
        var r = new HubClient(port).submit(Tokens.of(user), text.getBytes(StandardCharsets.UTF_8), "bericht.txt",
                TestReports.json(labels));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().path("id").asString();
    }

    WebElement find(String css) {
        return browser.wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    @Test
    void analystChecksSelectorsAndRequestsAccessApproverGrantsAndSeesWithheldHits() throws Exception {
        String word = TestReports.uniqueWord();
        String email = "kontakt." + word + "@beispiel-verbund.de";
        String secretEmail = "quelle." + word + "@beispiel-verbund.de";
        String canary = TestReports.uniqueWord();
        String id = submit("submitter-bka", "Phishing-Absender " + email + " im Lagebild.", TestReports.labels());
        submit("submitter-bka", "Quellenbericht " + canary + " Kontakt " + secretEmail,
                TestReports.with(TestReports.with(TestReports.labels(), "classification", "GEHEIM"), "title", "Geheim " + canary));

        browser.login("analyst-by");
        browser.statePurpose("LKA-BY-SG12-" + word);
        browser.get("/ui/pruefung");
        find("#selektoren").sendKeys(email + "\n" + secretEmail.replace(".de", "[.]de") + "\n\ndas ist kein Selektor");
        browser.driver.findElement(By.cssSelector("form.check-form button")).click();
        find("table.results");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("table.results tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getText()).contains(email, "E-Mail-Adresse", "Treffer bei BKA");
        assertThat(rows.get(1).getText()).as("above the analyst's clearance: withheld, shown as no hit")
                .contains("kein Treffer").doesNotContain("BKA");
        assertThat(rows.get(2).getText()).startsWith("4").contains("Typ nicht erkannt");
        assertThat(browser.driver.getPageSource()).doesNotContain(canary).doesNotContain(id);
        browser.assertAccessible();
        browser.screenshot("analyst-check");

        rows.get(0).findElement(By.tagName("summary")).click();
        rows.get(0).findElement(By.tagName("textarea")).sendKeys("Absender identisch mit Ermittlungsverfahren SG12");
        rows.get(0).findElement(By.cssSelector("details button")).click();
        browser.wait.until(ExpectedConditions.urlContains("/ui/anfragen"));
        assertThat(browser.text(".notice")).contains("Antrag ist gestellt");
        assertThat(browser.text("table.results")).contains("email:" + email, "BKA", "offen");
        browser.assertAccessible();
        browser.logout();

        browser.login("approver-bka");
        browser.wait.until(ExpectedConditions.urlContains("/ui/freigaben"));
        WebElement card = browser.driver.findElements(By.cssSelector("article.request-card")).stream()
                .filter(c -> c.getText().contains(email)).findFirst().orElseThrow();
        assertThat(card.getText()).contains("analyst-by (LKA-BY)", "offen", "Absender identisch", id);
        browser.assertAccessible();
        browser.screenshot("approver-queue");
        card.findElement(By.cssSelector("textarea[name=begruendung]")).sendKeys("Gemeinsamer Tatkomplex");
        card.findElement(By.cssSelector("form.decision button")).click();
        assertThat(find(".notice").getText()).contains("Zugang ist gewährt");
        browser.get("/ui/freigaben?status=GRANTED");
        assertThat(browser.driver.findElements(By.cssSelector("article.request-card")).stream()
                .filter(c -> c.getText().contains(email)).findFirst().orElseThrow().getText()).contains("gewährt", "Gemeinsamer Tatkomplex");
        browser.assertAccessible();

        browser.get("/ui/freigaben/hinweise");
        assertThat(browser.text("table.results")).contains("email:" + secretEmail, "LKA-BY", "LKA-BY-SG12-" + word);
        browser.assertAccessible();
        browser.logout();

        browser.login("analyst-by");
        browser.statePurpose("LKA-BY-SG12-" + word);
        browser.get("/ui/anfragen");
        assertThat(browser.text("table.results")).contains("gewährt", id);
        browser.logout();

        // the approver revokes the grant; the analyst's request shows it at once
        browser.login("approver-bka");
        browser.get("/ui/freigaben?status=GRANTED");
        WebElement granted = browser.driver.findElements(By.cssSelector("article.request-card")).stream()
                .filter(c -> c.getText().contains(email)).findFirst().orElseThrow();
        granted.findElement(By.cssSelector("textarea[name=begruendung]")).sendKeys("Verfahren abgeschlossen");
        granted.findElement(By.cssSelector("form.decision button")).click();
        assertThat(find(".notice").getText()).contains("widerrufen");
        assertThat(jdbc.queryForObject("SELECT q.state FROM access_request q JOIN selector_reference r ON r.reference = q.reference "
                + "WHERE r.selector = ?", String.class, "email:" + email)).isEqualTo("REVOKED");
        assertThat(browser.cspViolations()).isEmpty();
    }

    @Test
    void approverRestrictsLiftsAndKeepsAReportOnTheReviewPage() throws Exception {
        String word = TestReports.uniqueWord();
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Europe/Berlin"));
        String id = submit("submitter-bka", "Prüffall " + word, TestReports.with(TestReports.with(TestReports.labels(),
                "reviewBy", today.plusDays(10).toString()), "caseReference", "BKA-PF-" + word));

        browser.login("approver-bka");
        browser.get("/ui/freigaben/pruefung");
        WebElement card = find("#bericht-" + id);
        assertThat(card.getText()).contains("BKA-PF-" + word, "Erwachsene").doesNotContain("Prüffall");
        browser.assertAccessible();
        browser.screenshot("approver-reviews");

        card.findElement(By.cssSelector("form.restrict textarea")).sendKeys("Richtigkeit bestritten");
        card.findElement(By.cssSelector("form.restrict button")).click();
        browser.wait.until(ExpectedConditions.stalenessOf(card)); // the answer is a new page (post, redirect, get)
        assertThat(find("p.notice").getText()).contains("gesperrt");
        assertThat(find("#bericht-" + id).getText()).contains("gesperrt", "Richtigkeit bestritten");
        assertThat(jdbc.queryForObject("SELECT restricted_at IS NOT NULL FROM report WHERE id = ?::uuid", Boolean.class, id))
                .isTrue();

        WebElement restricted = find("#bericht-" + id);
        restricted.findElement(By.cssSelector("form.lift textarea")).sendKeys("geklärt");
        restricted.findElement(By.cssSelector("form.lift button")).click();
        browser.wait.until(ExpectedConditions.stalenessOf(restricted));
        assertThat(find("p.notice").getText()).contains("aufgehoben");
        assertThat(jdbc.queryForObject("SELECT restricted_at IS NULL FROM report WHERE id = ?::uuid", Boolean.class, id))
                .isTrue();

        WebElement due = find("#bericht-" + id);
        WebElement date = due.findElement(By.cssSelector("form.keep input[type=date]"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver).executeScript("arguments[0].value = arguments[1];", date,
                today.plusYears(2).toString());
        due.findElement(By.cssSelector("form.keep textarea")).sendKeys("Ermittlungen dauern an");
        due.findElement(By.cssSelector("form.keep button")).click();
        browser.wait.until(ExpectedConditions.stalenessOf(due));
        assertThat(find("p.notice").getText()).contains("Prüffrist");
        assertThat(jdbc.queryForObject("SELECT review_by FROM report WHERE id = ?::uuid", java.time.LocalDate.class, id))
                .isEqualTo(today.plusYears(2));
        assertThat(browser.driver.findElements(By.cssSelector("#bericht-" + id))).as("no longer due").isEmpty();

        // a second due report is erased at review: only with the confirmation ticked
        String erasedId = submit("submitter-bka", "Löschfall " + word, TestReports.with(TestReports.with(TestReports.labels(),
                "reviewBy", today.plusDays(5).toString()), "caseReference", "BKA-LF-" + word));
        browser.get("/ui/freigaben/pruefung");
        WebElement toErase = find("#bericht-" + erasedId);
        toErase.findElement(By.cssSelector("form.erase textarea")).sendKeys("Zweck erreicht, Aussonderung");
        toErase.findElement(By.cssSelector("form.erase input[type=checkbox]")).click();
        toErase.findElement(By.cssSelector("form.erase button")).click();
        browser.wait.until(ExpectedConditions.stalenessOf(toErase));
        assertThat(find("p.notice").getText()).contains("gelöscht");
        assertThat(browser.driver.findElements(By.cssSelector("#bericht-" + erasedId))).as("erased").isEmpty();
        assertThat(jdbc.queryForObject("SELECT shredded_at IS NOT NULL FROM report WHERE id = ?::uuid", Boolean.class,
                erasedId)).isTrue();
        assertThat(browser.cspViolations()).isEmpty();
    }

    @Test
    void submitterUploadsSeveralFilesWithAnOutcomeEach() throws Exception {
        String word = TestReports.uniqueWord();
        Path good = Files.writeString(profile.resolve("lagebild.txt"), "Lagebild " + word + " Phishing-Welle");
        Path empty = Files.writeString(profile.resolve("leer.txt"), "");
        Path hostile = Files.writeString(profile.resolve("<img src=x onerror=alert(1)>.txt"), "Nachtrag " + word);

        browser.login("submitter-by");
        browser.wait.until(ExpectedConditions.urlContains("/ui/einreichen"));
        find("#caseReference").sendKeys("LKA-BY-K11-" + word);
        browser.driver.findElement(By.id("title")).sendKeys("Lagebild " + word);
        new Select(browser.driver.findElement(By.id("handlingCode"))).selectByValue("H1");
        assertThat(browser.driver.findElement(By.id("reviewBy")).getAttribute("max"))
                .as("at most ten years ahead").isEqualTo(java.time.LocalDate.now(java.time.ZoneId.of("Europe/Berlin")).plusYears(10).toString());
        browser.assertAccessible();
        upload(good, empty, hostile);
        List<WebElement> outcomes = awaitOutcomes(3);
        assertThat(outcomes.get(0).getText()).contains("lagebild.txt", "angenommen", "Bericht ");
        assertThat(outcomes.get(1).getText()).contains("leer.txt", "abgewiesen", "Die Datei ist leer.");
        assertThat(outcomes.get(2).getText()).contains("<img src=x onerror=alert(1)>.txt", "angenommen");
        assertThat(browser.driver.findElements(By.cssSelector("main img"))).isEmpty();
        browser.screenshot("submitter-upload");
        browser.assertAccessible();

        upload(good);
        assertThat(awaitOutcomes(1).getFirst().getText()).contains("bereits vorhanden");
        new Select(browser.driver.findElement(By.id("classification"))).selectByValue("OFFEN");
        upload(good);
        String refused = awaitOutcomes(1).getFirst().getText();
        assertThat(refused).contains("abgewiesen", "anderer Kennzeichnung", "Bericht ");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM report WHERE originator = 'LKA-BY' AND case_reference = ?",
                Long.class, "LKA-BY-K11-" + word)).isEqualTo(2);
        assertThat(browser.cspViolations()).isEmpty();

        // without script the same form sends all files at once and the answer is the page with an outcome per file
        HttpResponse<String> form = browser.getWithSession("/ui/einreichen");
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(csrf.find()).isTrue();
        String boundary = "----verbund" + word;
        StringBuilder body = new StringBuilder();
        Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("_csrf", csrf.group(1), "caseReference", "LKA-BY-K12-" + word,
                "title", "Ohne Skript " + word, "phenomenonArea", "CYBER", "classification", "VS-NFD", "releaseScope", "ALL",
                "handlingCode", "H0", "disclosure", "FULL", "collection", "OPEN"));
        fields.put("reviewBy", java.time.LocalDate.now().plusYears(3).toString());
        fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
        for (String name : List.of("eins.txt", "zwei.txt")) {
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"datei\"; filename=\"")
                    .append(name).append("\"\r\nContent-Type: text/plain\r\n\r\n").append(name).append(' ').append(word).append("\r\n");
        }
        body.append("--").append(boundary).append("--\r\n");
        HttpResponse<String> page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create(browser.base() + "/ui/einreichen")).header("Cookie", browser.sessionCookie())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body().split("class=\"outcome outcome-ACCEPTED\"", -1)).as("two accepted files").hasSize(3);
        assertThat(page.body()).contains("eins.txt", "zwei.txt");
    }

    /** Chooses the files and submits; returns when the outcomes of an earlier upload have left the page. */
    void upload(Path... files) {
        List<WebElement> earlier = browser.driver.findElements(By.cssSelector("#outcomes > li"));
        WebElement input = browser.driver.findElement(By.id("datei"));
        input.sendKeys(String.join("\n", java.util.Arrays.stream(files).map(Path::toString).toList()));
        browser.driver.findElement(By.cssSelector("#upload-form > button[type=submit]")).click();
        for (WebElement old : earlier) {
            browser.wait.until(ExpectedConditions.stalenessOf(old));
        }
    }

    List<WebElement> awaitOutcomes(int count) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d ->
                d.findElements(By.cssSelector("#outcomes > li")).size() == count
                        && d.findElements(By.cssSelector("#outcomes > li.outcome-PENDING")).isEmpty());
        return browser.driver.findElements(By.cssSelector("#outcomes > li"));
    }

    @Test
    void oversightFiltersEventsSeesWhoReadAReportAndVerifiesTheExport() throws Exception {
        String word = TestReports.uniqueWord();
        String id = submit("submitter-bka", "Lagebild " + word, TestReports.labels());
        String caseReference = "LKA-BY-OV-" + word;
        assertThat(new HubClient(port).get(Tokens.of("analyst-by"), "/api/v1/reports/" + id
                + "?purpose=Abgleich&caseReference=" + caseReference).status()).isEqualTo(200);

        browser.login("oversight-bfdi");
        browser.wait.until(ExpectedConditions.urlContains("/ui/aufsicht/ereignisse"));
        find("#aktenzeichen").sendKeys(caseReference);
        WebElement filters = find("form.filters");
        filters.findElement(By.cssSelector("button")).click();
        browser.wait.until(ExpectedConditions.stalenessOf(filters)); // not the unfiltered table of the page before
        find("table.events");
        List<WebElement> rows = browser.driver.findElements(By.cssSelector("table.events tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst().getText()).contains("analyst-by", "READ", caseReference, id.substring(0, 8));
        browser.assertAccessible();
        browser.screenshot("oversight-events");

        browser.get("/ui/aufsicht/einsicht?bericht=" + id);
        assertThat(browser.text("table.results")).contains("analyst-by", "LKA-BY", "READ", caseReference);
        browser.assertAccessible();
        browser.get("/ui/aufsicht/nutzer?kennung=analyst-by");
        assertThat(browser.driver.findElements(By.cssSelector("table.events tbody tr"))).isNotEmpty();
        browser.assertAccessible();
        browser.get("/ui/aufsicht/statistik");
        assertThat(browser.driver.findElements(By.cssSelector("svg.chart rect"))).isNotEmpty();
        assertThat(browser.text("table.results")).contains("LKA-BY");
        browser.assertAccessible();
        browser.get("/ui/aufsicht/auffaelligkeiten");
        browser.assertAccessible();

        checkpointer.appendAndMaybeCheckpoint(true);
        browser.get("/ui/aufsicht/pruefpunkt");
        String key = new HubClient(port).get(null, "/api/v1/audit/public-key").body().strip();
        assertThat(browser.text("main")).contains("Baumgröße", key);
        browser.assertAccessible();
        HttpResponse<String> export = browser.getWithSession("/ui/aufsicht/export");
        assertThat(export.statusCode()).isEqualTo(200);
        Path file = Files.writeString(profile.resolve("verbund-audit.jsonl"), export.body());
        Verify.Result verified = Verify.verify(file, key, List.of(), System.out);
        assertThat(verified.ok()).as(verified.summary()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_event WHERE actor_name = 'oversight-bfdi' "
                + "AND action = 'OVERSIGHT_QUERY' AND detail LIKE ?", Long.class, "%" + caseReference + "%"))
                .as("oversight's own question is in the trail").isGreaterThanOrEqualTo(1);
        assertThat(browser.cspViolations()).isEmpty();
    }

    @Test
    void eachRoleSeesOnlyItsMenuAndAnotherRolesPageIsForbidden() throws Exception {
        browser.login("analyst-nw");
        browser.statePurpose("LKA-NW-K1-" + TestReports.uniqueWord());
        String menu = browser.text("nav .menu");
        assertThat(menu).contains("Suche", "Selektorprüfung", "Meine Anträge")
                .doesNotContain("Einreichen", "Anträge an uns", "Aufsicht", "Betrieb");
        for (String page : List.of("/ui/einreichen", "/ui/freigaben", "/ui/freigaben/hinweise", "/ui/aufsicht/ereignisse",
                "/ui/aufsicht/export", "/ui/betrieb")) {
            assertThat(browser.getWithSession(page).statusCode()).as(page).isEqualTo(403);
        }
        browser.logout();
        browser.assertAccessible();

        browser.login("admin-ops");
        browser.wait.until(ExpectedConditions.urlContains("/ui/betrieb"));
        assertThat(browser.text("nav .menu")).isEqualTo("Betrieb");
        List<WebElement> services = browser.driver.findElements(By.cssSelector("table.health tbody tr"));
        assertThat(services).hasSize(6).allSatisfy(row -> assertThat(row.getText()).contains("bereit"));
        browser.assertAccessible();
        browser.screenshot("admin-health");
        browser.get("/ui/betrieb?sprache=en");
        assertThat(browser.text("h1")).isEqualTo("Operations");
        assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        browser.get("/ui/betrieb?sprache=de");
        assertThat(browser.text("h1")).isEqualTo("Betrieb");
        for (String page : List.of("/ui/suche?q=x", "/ui/berichte/" + UUID.randomUUID(), "/ui/pruefung", "/ui/aufsicht")) {
            assertThat(browser.getWithSession(page).statusCode()).as(page).isEqualTo(403);
        }
        browser.get("/ui/aufsicht/ereignisse");
        assertThat(browser.text("main")).contains("Ihre Rollen erlauben diese Seite nicht");
        browser.assertAccessible();
        assertThat(browser.cspViolations()).isEmpty();
    }
}
