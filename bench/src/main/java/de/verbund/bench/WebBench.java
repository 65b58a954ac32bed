package de.verbund.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The analyst's search page against the JSON search it is built on, on the same index, same user, same queries,
 * alternating: (1) server time of {@code GET /ui/suche?q=…} (whole page) and of its htmx fragment against
 * {@code POST /api/v1/search}; (2) in Debian's Chromium, the bytes of the first load of the search page with an empty
 * cache (the page and every asset, from the Resource Timing API) and the time until the results are painted
 * (first contentful paint; the results are server-rendered) and, for a search from the page's own form, the time from
 * submit until htmx has settled the results. Usage: bench/run.sh web [docs=1000000] [load=true] [requests=300]
 */
public final class WebBench {

    private WebBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Bench.args(args);
        int docs = Integer.parseInt(a.getOrDefault("docs", "1000000"));
        boolean load = Boolean.parseBoolean(a.getOrDefault("load", "true"));
        int requests = Integer.parseInt(a.getOrDefault("requests", "300"));
        long seed = Long.parseLong(a.getOrDefault("seed", "42"));
        Bench b = new Bench();
        if (load) {
            SearchBench.load(b, docs, seed);
        }
        Random random = new Random(seed + 2);
        List<String> queries = new ArrayList<>();
        for (int i = 0; i < requests + 50; i++) {
            queries.add(SearchBench.WORDS[random.nextInt(SearchBench.WORDS.length)]
                    + (random.nextBoolean() ? " " + SearchBench.WORDS[random.nextInt(SearchBench.WORDS.length)] : ""));
        }
        Path profile = Files.createTempDirectory("verbund-webbench-");
        ChromeDriver browser = browser(profile);
        try {
            String cookie = login(b, browser, "analyst-nw");
            server(b, cookie, b.user("analyst-nw"), queries, requests);
            client(b, browser, queries);
        } finally {
            browser.quit();
        }
    }

    static ChromeDriver browser(Path profile) {
        String chromium = Bench.env("VERBUND_CHROMIUM", "/usr/bin/chromium");
        String driver = Bench.env("VERBUND_CHROMEDRIVER", "/usr/bin/chromedriver");
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.resolve("chrome"),
                "--lang=de-DE", "--window-size=1280,900");
        return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(Path.of(driver).toFile())
                .usingAnyFreePort().build(), options);
    }

    /** Logs in through Keycloak's page, states the purpose, and returns the session cookie for the timed requests. */
    static String login(Bench b, ChromeDriver browser, String user) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(b.hub + "/ui/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username"))).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys("verbund-demo");
        browser.findElement(By.id("kc-login")).click();
        wait.until(ExpectedConditions.urlContains("/ui/zweck"));
        browser.findElement(By.id("aktenzeichen")).sendKeys("NW-BENCH-1");
        browser.findElement(By.id("zweck")).sendKeys("Benchmark");
        browser.findElement(By.cssSelector("form.purpose-form button")).click();
        wait.until(ExpectedConditions.urlContains("/ui/suche"));
        return "VERBUND_SESSION=" + browser.manage().getCookieNamed("VERBUND_SESSION").getValue();
    }

    static void server(Bench b, String cookie, TokenSource tokens, List<String> queries, int requests) throws Exception {
        long[] api = new long[requests];
        long[] page = new long[requests];
        long[] fragment = new long[requests];
        long pageBytes = 0;
        for (int i = 0; i < queries.size(); i++) {
            String q = queries.get(i);
            String path = "/ui/suche?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
            long t = System.nanoTime();
            VerbundClient.Response json = b.client.search(tokens.get(), Map.of("query", q, "purpose", "Benchmark",
                    "caseReference", "NW-BENCH-1", "size", 20));
            long apiNs = System.nanoTime() - t;
            t = System.nanoTime();
            HttpResponse<String> full = get(b, path, cookie, false);
            long pageNs = System.nanoTime() - t;
            t = System.nanoTime();
            HttpResponse<String> part = get(b, path, cookie, true);
            long fragmentNs = System.nanoTime() - t;
            if (json.status() != 200 || full.statusCode() != 200 || part.statusCode() != 200) {
                throw new IllegalStateException("search failed: " + json.status() + "/" + full.statusCode() + "/" + part.statusCode());
            }
            long total = json.json().path("total").asLong();
            if (!full.body().contains(String.format(Locale.GERMANY, "%,d Treffer", total))
                    && !full.body().contains(total + " Treffer")) {
                throw new IllegalStateException("page and API disagree on the total of '" + q + "': " + total);
            }
            if (i >= 50) {
                api[i - 50] = apiNs;
                page[i - 50] = pageNs;
                fragment[i - 50] = fragmentNs;
                pageBytes += full.body().getBytes(StandardCharsets.UTF_8).length;
            }
        }
        Arrays.sort(api);
        Arrays.sort(page);
        Arrays.sort(fragment);
        System.out.println();
        System.out.println("server time, " + requests + " queries after 50 warm-up, alternating, user analyst-nw, same totals checked");
        Bench.row("measure", "JSON POST /api/v1/search", "search page (whole)", "search page (htmx fragment)", "difference page − JSON", "goal");
        Bench.row("---", "---", "---", "---", "---", "---");
        Bench.row("p50", SearchBench.ms(api[requests / 2]), SearchBench.ms(page[requests / 2]),
                SearchBench.ms(fragment[requests / 2]), "+" + SearchBench.ms(page[requests / 2] - api[requests / 2]), "≤ +10 ms");
        int p99 = (int) (requests * 0.99);
        Bench.row("p99", SearchBench.ms(api[p99]), SearchBench.ms(page[p99]), SearchBench.ms(fragment[p99]),
                "+" + SearchBench.ms(page[p99] - api[p99]), "");
        Bench.row("mean page size", "", (pageBytes / requests / 1024) + " KB", "", "", "");
    }

    static HttpResponse<String> get(Bench b, String path, String cookie, boolean htmx) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(b.hub + path)).header("Cookie", cookie)
                .timeout(Duration.ofSeconds(60)).GET();
        if (htmx) {
            r.header("HX-Request", "true");
        }
        return Bench.HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    static void client(Bench b, ChromeDriver browser, List<String> queries) {
        JavascriptExecutor js = browser;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        int runs = 7;
        double[] fcp = new double[runs];
        double[] loaded = new double[runs];
        long transferred = 0;
        long decoded = 0;
        long resources = 0;
        for (int i = 0; i < runs; i++) {
            browser.executeCdpCommand("Network.clearBrowserCache", Map.of());
            browser.get(b.hub + "/ui/suche?q=" + URLEncoder.encode(queries.get(i), StandardCharsets.UTF_8));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".total")));
            wait.until(d -> js.executeScript("return document.readyState").equals("complete"));
            Map<String, Object> m = (Map<String, Object>) js.executeScript("""
                    var nav = performance.getEntriesByType('navigation')[0];
                    var res = performance.getEntriesByType('resource');
                    var paint = performance.getEntriesByName('first-contentful-paint')[0];
                    var t = nav.transferSize, d = nav.decodedBodySize;
                    res.forEach(function (r) { t += r.transferSize; d += r.decodedBodySize; });
                    return {transfer: t, decoded: d, resources: res.length, fcp: paint ? paint.startTime : -1,
                            load: nav.loadEventEnd};""");
            fcp[i] = ((Number) m.get("fcp")).doubleValue();
            loaded[i] = ((Number) m.get("load")).doubleValue();
            if (i == 0) {
                transferred = ((Number) m.get("transfer")).longValue();
                decoded = ((Number) m.get("decoded")).longValue();
                resources = ((Number) m.get("resources")).longValue();
            }
        }
        // a search from the page's own form: submit until htmx has settled the results into the page
        int searches = 20;
        double[] settle = new double[searches];
        for (int i = 0; i < searches; i++) {
            String q = queries.get(runs + i);
            Object ms = js.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    var input = document.getElementById('q');
                    input.value = arguments[0];
                    var start = performance.now();
                    document.body.addEventListener('htmx:afterSettle', function once() {
                      document.body.removeEventListener('htmx:afterSettle', once);
                      done(performance.now() - start);
                    });
                    input.form.requestSubmit();""", q);
            settle[i] = ((Number) ms).doubleValue();
        }
        Arrays.sort(fcp);
        Arrays.sort(loaded);
        Arrays.sort(settle);
        System.out.println();
        System.out.println("Chromium " + browser.getCapabilities().getBrowserVersion() + " (headless), search page with results, empty cache, "
                + runs + " loads; then " + searches + " searches from the page's form (htmx)");
        Bench.row("measure", "value", "goal");
        Bench.row("---", "---", "---");
        Bench.row("first load, bytes transferred (page + " + resources + " assets)", (transferred / 1024) + " KB (" + (decoded / 1024) + " KB decoded)", "≤ 150 KB");
        Bench.row("first contentful paint with results, median", String.format(Locale.ROOT, "%.0f ms", fcp[runs / 2]), "");
        Bench.row("load event end, median", String.format(Locale.ROOT, "%.0f ms", loaded[runs / 2]), "");
        Bench.row("search from the form until results settled, median", String.format(Locale.ROOT, "%.0f ms", settle[searches / 2]), "");
        Bench.row("search from the form until results settled, max", String.format(Locale.ROOT, "%.0f ms", settle[searches - 1]), "");
    }
}
