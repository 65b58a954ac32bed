package de.verbund.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import de.verbund.access.policy.AccessFilter;
import de.verbund.access.subject.Subject;
import de.verbund.client.TokenSource;
import de.verbund.client.VerbundClient;
import de.verbund.search.query.QueryLanguage;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import org.jspecify.annotations.Nullable;

/**
 * The hub's need-to-know search against the peer a user would pick instead: Elasticsearch's own document-level
 * security. For one analyst (analyst-nw, subject taken from a real token), the benchmark creates an Elasticsearch
 * role whose DLS {@code query} is the hub's access filter for that subject ({@link AccessFilter}, the same code the
 * hub runs), and a user with that role, both in the file realm (the Maven distribution's security index cannot be
 * created: it lacks the analysis module the native realm's mappings need); it starts the trial licence DLS needs
 * (offline). Then, alternating for each
 * query: (1) {@code POST /api/v1/search} through the whole hub, (2) the same search body straight to Elasticsearch as
 * the DLS user, (3) the same body with the hub's filter in the query, as the admin user. The body mirrors the first
 * page of {@code ReportSearch.search} (query language, highlight, four facets, sort, 20 hits); totals must agree on
 * every query; the same for selector-field queries, and page 10 of word queries through the cursors (hub) and a point in
 * time with search_after (peers). Usage: bench/run.sh dls [docs=1000000] [load=true] [requests=300] [warmup=1000]
 */
public final class DlsBench {

    private static final Jackson3JsonpMapper MAPPER = new Jackson3JsonpMapper();

    private DlsBench() {
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
        TokenSource tokens = b.user("analyst-nw");
        Subject subject = Subject.fromClaims(claims(tokens.get()));
        String filter = JsonpUtils.toJsonString(AccessFilter.forSubject(subject, Set.of()), MAPPER);

        HttpResponse<String> trial = b.es("POST", "/_license/start_trial?acknowledge=true", null);
        String licence = Bench.JSON.readTree(b.es("GET", "/_license", null).body()).path("license").path("type").asString("");
        if (!List.of("trial", "platinum", "enterprise").contains(licence)) {
            throw new IllegalStateException("document-level security needs a trial licence: " + trial.statusCode() + " "
                    + trial.body() + "; licence now " + licence);
        }
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(new SecureRandom().generateSeed(18));
        FileRealm realm = new FileRealm(Path.of(Bench.env("VERBUND_ES_CONF", ".work/es/config")),
                Path.of(Bench.env("VERBUND_ES_HOME", ".")), Bench.env("VERBUND_SERVICE_USER", "verbund"));
        String dlsAuth = "Basic " + Base64.getEncoder().encodeToString((ROLE + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            realm.addRole(ROLE, filter);
            realm.users("useradd", ROLE, "-p", password, "-r", ROLE);
            awaitAuthenticated(b, dlsAuth);
            Random random = new Random(seed + 3);
            List<String> words = new ArrayList<>();
            List<String> selectors = new ArrayList<>();
            for (int i = 0; i < requests + 100; i++) {
                words.add(SearchBench.WORDS[random.nextInt(SearchBench.WORDS.length)]
                        + (random.nextBoolean() ? " " + SearchBench.WORDS[random.nextInt(SearchBench.WORDS.length)] : ""));
                // the load put these selectors into the reports: an address of a few reports, a domain of thousands
                selectors.add(random.nextBoolean() ? "selector:" + SelectorBench.ipKey(random.nextInt(SelectorBench.POOL))
                        : "selector:domain:hot" + random.nextInt(50) + ".example.org");
            }
            // a hub serves thousands of searches an hour: warm all three up well beyond the JIT's thresholds first
            int warmup = Integer.parseInt(a.getOrDefault("warmup", "1000"));
            for (int i = 0; i < warmup; i++) {
                String q = (i % 2 == 0 ? words : selectors).get(i % words.size());
                String userQuery = JsonpUtils.toJsonString(QueryLanguage.parse(q), MAPPER);
                b.client.search(tokens.get(), Map.of("query", q, "purpose", "Benchmark", "caseReference", "NW-BENCH-1", "size", 20));
                search(b, dlsAuth, body(userQuery, null));
                search(b, b.esAuth, body(userQuery, filter));
            }
            System.out.println();
            System.out.println(requests + " queries after " + warmup + " warm-up searches of each and 100 more, alternating; analyst-nw " + subject.authority().code()
                    + " " + subject.clearance() + " " + subject.mandates() + "; totals equal on every query");
            Bench.row("measure", "hub, whole stack", "Elasticsearch DLS role", "Elasticsearch, hub's filter in the query",
                    "hub − DLS", "goal");
            Bench.row("---", "---", "---", "---", "---", "---");
            measure(b, tokens, filter, dlsAuth, words, requests, "words, first page");
            measure(b, tokens, filter, dlsAuth, selectors, requests, "selector field, first page");
            paging(b, tokens, filter, dlsAuth, words.subList(0, Math.min(words.size(), requests / 3 + 20)), 10);
        } finally {
            try {
                realm.users("userdel", ROLE);
            } catch (IllegalStateException notThere) {
                // the user was never added
            }
            realm.removeRole();
        }
    }

    static final String ROLE = "verbund_bench_dls";

    /** The file realm may take a few seconds to read its changed files. */
    static void awaitAuthenticated(Bench b, String auth) throws Exception {
        for (int i = 0; i < 60; i++) {
            HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(b.es + "/_security/_authenticate"))
                    .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the DLS user never authenticated (file realm not reloaded?)");
    }

    /**
     * The role in {@code roles.yml} (between markers, removed afterwards) and the user through
     * {@code elasticsearch-users}, run as the services' user when the benchmark runs as root.
     */
    record FileRealm(Path conf, Path home, String serviceUser) {
        static final String BEGIN = "# verbund-bench-dls begin";
        static final String END = "# verbund-bench-dls end";

        void addRole(String role, String queryJson) throws Exception {
            removeRole();
            String block = BEGIN + "\n" + role + ":\n  indices:\n    - names: [ \"verbund-reports*\" ]\n"
                    + "      privileges: [ \"read\" ]\n      query: '" + queryJson.replace("'", "''") + "'\n" + END + "\n";
            Files.writeString(conf.resolve("roles.yml"), block, java.nio.file.StandardOpenOption.APPEND);
        }

        void removeRole() throws Exception {
            Path roles = conf.resolve("roles.yml");
            String text = Files.readString(roles);
            int begin = text.indexOf(BEGIN);
            if (begin >= 0) {
                int end = text.indexOf(END, begin);
                Files.writeString(roles, text.substring(0, begin) + text.substring(end + END.length() + 1));
            }
        }

        void users(String... args) throws Exception {
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("runuser", "-u", serviceUser, "--"));
            }
            command.addAll(List.of("env", "ES_PATH_CONF=" + conf, "ES_JAVA_HOME=" + System.getProperty("java.home"),
                    home.resolve("bin/elasticsearch-users").toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("elasticsearch-users " + args[0] + " failed: " + out);
            }
        }
    }

    static void measure(Bench b, TokenSource tokens, String filter, String dlsAuth, List<String> queries, int requests,
                        String what) throws Exception {
        long[] hub = new long[requests];
        long[] dls = new long[requests];
        long[] filtered = new long[requests];
        for (int i = 0; i < queries.size(); i++) {
            String q = queries.get(i);
            String userQuery = JsonpUtils.toJsonString(QueryLanguage.parse(q), MAPPER);
            long t = System.nanoTime();
            VerbundClient.Response h = b.client.search(tokens.get(), Map.of("query", q, "purpose", "Benchmark",
                    "caseReference", "NW-BENCH-1", "size", 20));
            long hubNs = System.nanoTime() - t;
            t = System.nanoTime();
            HttpResponse<String> d = search(b, dlsAuth, body(userQuery, null));
            long dlsNs = System.nanoTime() - t;
            t = System.nanoTime();
            HttpResponse<String> f = search(b, b.esAuth, body(userQuery, filter));
            long filteredNs = System.nanoTime() - t;
            if (h.status() != 200 || d.statusCode() != 200 || f.statusCode() != 200) {
                throw new IllegalStateException("search failed: " + h.status() + "/" + d.statusCode() + "/" + f.statusCode()
                        + " " + d.body());
            }
            long hubTotal = h.json().path("total").asLong();
            long dlsTotal = total(d.body());
            long filteredTotal = total(f.body());
            if (hubTotal != dlsTotal || hubTotal != filteredTotal) {
                throw new IllegalStateException("totals differ for '" + q + "': hub " + hubTotal + ", DLS " + dlsTotal
                        + ", filter " + filteredTotal);
            }
            if (i >= 100) {
                hub[i - 100] = hubNs;
                dls[i - 100] = dlsNs;
                filtered[i - 100] = filteredNs;
            }
        }
        rows(what, hub, dls, filtered);
    }

    /**
     * Page {@code page} of a search, 20 hits per page: the hub follows its signed cursors (point in time from page 2
     * on); the peers open a point in time as their user and page with {@code search_after}. Only the last page is
     * timed; the hits of every page must be the same ids on all three.
     */
    static void paging(Bench b, TokenSource tokens, String filter, String dlsAuth, List<String> queries, int page)
            throws Exception {
        int n = queries.size() - 20;
        long[] hub = new long[n];
        long[] dls = new long[n];
        long[] filtered = new long[n];
        for (int i = 0; i < queries.size(); i++) {
            String q = queries.get(i);
            String userQuery = JsonpUtils.toJsonString(QueryLanguage.parse(q), MAPPER);
            String cursor = null;
            long hubNs = 0;
            List<String> hubIds = List.of();
            for (int p = 1; p <= page; p++) {
                String request = Bench.JSON.writeValueAsString(new HubSearch(q, "Benchmark", "NW-BENCH-1", 20, cursor));
                long t = System.nanoTime();
                VerbundClient.Response h = b.client.post(tokens.get(), "/api/v1/search", request);
                hubNs = System.nanoTime() - t;
                if (h.status() != 200) {
                    throw new IllegalStateException("hub page " + p + " failed: " + h.body());
                }
                hubIds = ids(h.json().path("hits"), "id");
                cursor = h.json().path("nextCursor").asString(null);
                if (cursor == null && p < page) {
                    break;
                }
            }
            long[] dlsPage = peerPage(b, dlsAuth, userQuery, null, page);
            long[] filteredPage = peerPage(b, b.esAuth, userQuery, filter, page);
            if (i >= 20) {
                hub[i - 20] = hubNs;
                dls[i - 20] = dlsPage[0];
                filtered[i - 20] = filteredPage[0];
            }
            if (dlsPage[1] != filteredPage[1] || dlsPage[1] != hubIds.hashCode()) {
                throw new IllegalStateException("page " + page + " of '" + q + "' differs between hub, DLS and filter");
            }
        }
        rows("words, page " + page + " (" + n + " queries)", hub, dls, filtered);
    }

    /** The hub's search request body; {@code cursor} is the previous page's {@code nextCursor}, null on page 1. */
    record HubSearch(String query, String purpose, String caseReference, int size, @Nullable String cursor) {}

    /** {time of the last page, hash of its ids}; the point in time is closed afterwards. */
    static long[] peerPage(Bench b, String auth, String userQuery, String filter, int page) throws Exception {
        HttpResponse<String> open = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(b.es + "/verbund-reports/_pit?keep_alive=1m"))
                .header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String pit = Bench.JSON.readTree(open.body()).path("id").asString();
        String after = null;
        long ns = 0;
        List<String> ids = List.of();
        try {
            for (int p = 1; p <= page; p++) {
                String body = body(userQuery, filter, p == 1).replace("\"size\":20,", "\"size\":20,\"pit\":{\"id\":"
                        + Bench.JSON.writeValueAsString(pit) + ",\"keep_alive\":\"1m\"}," + (after == null ? "" : "\"search_after\":" + after + ","));
                long t = System.nanoTime();
                HttpResponse<String> r = Bench.HTTP.send(HttpRequest.newBuilder(URI.create(b.es + "/_search"))
                        .header("Authorization", auth).header("Content-Type", "application/json").timeout(Duration.ofMinutes(1))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                ns = System.nanoTime() - t;
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("page " + p + " failed: " + r.body());
                }
                var hits = Bench.JSON.readTree(r.body()).path("hits").path("hits");
                ids = ids(hits, "_id");
                if (hits.isEmpty()) {
                    break;
                }
                after = hits.get(hits.size() - 1).path("sort").toString();
            }
        } finally {
            Bench.HTTP.send(HttpRequest.newBuilder(URI.create(b.es + "/_pit")).header("Authorization", auth)
                    .header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"id\":" + Bench.JSON.writeValueAsString(pit) + "}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
        return new long[] {ns, ids.hashCode()};
    }

    static List<String> ids(tools.jackson.databind.JsonNode hits, String field) {
        List<String> ids = new ArrayList<>();
        hits.forEach(h -> ids.add(h.path(field).asString()));
        return ids;
    }

    static void rows(String what, long[] hub, long[] dls, long[] filtered) {
        Arrays.sort(hub);
        Arrays.sort(dls);
        Arrays.sort(filtered);
        int p50 = hub.length / 2;
        int p99 = (int) (hub.length * 0.99);
        Bench.row(what + " p50", SearchBench.ms(hub[p50]), SearchBench.ms(dls[p50]), SearchBench.ms(filtered[p50]),
                "+" + SearchBench.ms(hub[p50] - dls[p50]), "≤ +3 ms");
        Bench.row(what + " p99", SearchBench.ms(hub[p99]), SearchBench.ms(dls[p99]), SearchBench.ms(filtered[p99]),
                Bench.f((double) hub[p99] / dls[p99]) + "×", "≤ 1.2×");
    }

    /** The first page of ReportSearch.search: query and filter, 20 hits, highlight, facets, sort. */
    static String body(String userQuery, String filter) {
        return body(userQuery, filter, true);
    }

    /** As {@link #body(String, String)}; later pages carry no facets (as the hub's). */
    static String body(String userQuery, String filter, boolean facets) {
        String query = filter == null ? userQuery
                : "{\"bool\":{\"must\":[" + userQuery + "],\"filter\":[" + filter + "]}}";
        return "{\"size\":20,\"track_total_hits\":true,\"query\":" + query + ","
                + "\"_source\":{\"includes\":[\"id\",\"title\",\"originator\",\"classification\",\"phenomenonArea\","
                + "\"submittedAt\",\"releasableTo\",\"handlingCode\",\"disclosure\",\"collection\",\"caseReference\",\"reviewBy\"]},"
                + "\"highlight\":{\"encoder\":\"html\",\"pre_tags\":[\"<em>\"],\"post_tags\":[\"</em>\"],"
                + "\"fields\":{\"text\":{\"fragment_size\":160,\"number_of_fragments\":1,"
                + "\"matched_fields\":[\"text\",\"text.parts\",\"text.names\"]}}},"
                + (facets ? "\"aggs\":{\"originator\":{\"terms\":{\"field\":\"originator\",\"size\":20}},"
                + "\"phenomenonArea\":{\"terms\":{\"field\":\"phenomenonArea\",\"size\":10}},"
                + "\"classification\":{\"terms\":{\"field\":\"classification\",\"size\":10}},"
                + "\"month\":{\"date_histogram\":{\"field\":\"submittedAt\",\"calendar_interval\":\"month\",\"format\":\"yyyy-MM\",\"min_doc_count\":1}}}," : "")
                + "\"sort\":[{\"_score\":{\"order\":\"desc\"}},{\"submittedAt\":{\"order\":\"desc\"}},{\"id\":{\"order\":\"asc\"}}]}";
    }

    static HttpResponse<String> search(Bench b, String auth, String body) throws Exception {
        return Bench.HTTP.send(HttpRequest.newBuilder(URI.create(b.es + "/verbund-reports/_search"))
                .header("Authorization", auth).header("Content-Type", "application/json").timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static long total(String body) {
        return Bench.JSON.readTree(body).path("hits").path("total").path("value").asLong();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> claims(String jwt) {
        byte[] payload = Base64.getUrlDecoder().decode(jwt.split("\\.")[1]);
        return Bench.JSON.readValue(payload, Map.class);
    }
}
