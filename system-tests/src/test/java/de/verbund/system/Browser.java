package de.verbund.system;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import de.verbund.testsupport.Tokens;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's headless Chromium through Debian's chromedriver (both provided by deploy/local/test.sh; without them the
 * test fails), logged in through the real Keycloak login page. Collects CSP violations of the whole session and runs
 * axe-core (WCAG 2.1 A/AA) on a page when asked.
 */
final class Browser implements AutoCloseable {

    final WebDriver driver;
    final WebDriverWait wait;
    private final String base;
    private final List<String> consoleLog = new ArrayList<>();

    Browser(String base, Path profile) {
        this.base = base;
        String chromium = System.getenv("VERBUND_CHROMIUM");
        String chromedriver = System.getenv("VERBUND_CHROMEDRIVER");
        assertThat(chromium).as("VERBUND_CHROMIUM (set by deploy/local/test.sh)").isNotBlank();
        assertThat(chromedriver).as("VERBUND_CHROMEDRIVER (set by deploy/local/test.sh)").isNotBlank();
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.resolve("chrome"),
                "--lang=de-DE", "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(Path.of(chromedriver).toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    String base() {
        return base;
    }

    void get(String path) {
        driver.get(base + path);
    }

    void login(String user) {
        get("/ui/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertThat(driver.getCurrentUrl()).as("the identity provider's own login page").contains("/realms/verbund/");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(Tokens.DEMO_PASSWORD);
        driver.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.urlContains("/ui/"));
        wait.until(d -> !d.getCurrentUrl().contains("/ui/angemeldet"));
    }

    void logout() {
        driver.findElement(By.cssSelector("header form button")).click();
        wait.until(ExpectedConditions.urlContains("/ui/abgemeldet"));
    }

    void statePurpose(String caseReference) {
        wait.until(ExpectedConditions.urlContains("/ui/zweck"));
        driver.findElement(By.id("aktenzeichen")).sendKeys(caseReference);
        driver.findElement(By.id("zweck")).sendKeys("Abgleich eigener Ermittlungen");
        driver.findElement(By.cssSelector("form.purpose-form button")).click();
        // the next navigation must not overtake the form's POST
        wait.until(d -> !d.getCurrentUrl().contains("/ui/zweck"));
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    /** Keeps a screenshot of the page in target/screenshots (docs/ shows copies of them). */
    void screenshot(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    /** CSP violations reported by the browser since it started. */
    List<String> cspViolations() {
        driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).forEach(consoleLog::add);
        return consoleLog.stream()
                .filter(m -> m.contains("Content Security Policy") || m.contains("Content-Security-Policy")).toList();
    }

    /**
     * Runs axe-core on the current page and returns its WCAG 2.0/2.1 A and AA violations as "rule: targets" lines.
     * The engine comes through the driver (Chromium's DevTools evaluate is not subject to the page's CSP).
     */
    @SuppressWarnings("unchecked")
    List<String> accessibilityViolations() throws IOException {
        String axe = System.getenv("VERBUND_AXE_JS");
        assertThat(axe).as("VERBUND_AXE_JS (set by deploy/local/test.sh)").isNotBlank();
        JavascriptExecutor js = (JavascriptExecutor) driver;
        js.executeScript(Files.readString(Path.of(axe), StandardCharsets.UTF_8));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Object result = js.executeAsyncScript("""
                var done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(function (r) {
                    done(r.violations.map(function (v) {
                      return v.id + ': ' + v.nodes.map(function (n) { return n.target.join(' '); }).join(', ');
                    }));
                  })
                  .catch(function (e) { done(['axe failed: ' + e]); });""");
        return (List<String>) result;
    }

    /** Asserts that the current page has no WCAG 2.1 A/AA violation. */
    void assertAccessible() throws IOException {
        assertThat(accessibilityViolations()).as("axe-core WCAG 2.1 A/AA violations on " + driver.getCurrentUrl()).isEmpty();
    }

    /** The browser's session cookie, for requests the test sends itself. */
    String sessionCookie() {
        return "VERBUND_SESSION=" + driver.manage().getCookieNamed("VERBUND_SESSION").getValue();
    }

    HttpResponse<String> getWithSession(String path) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", sessionCookie()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        driver.quit();
    }
}
