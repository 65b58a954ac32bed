package de.verbund.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked here of deploy/kubernetes, which cannot run on this machine (no cluster, no operators): every
 * manifest parses and is listed in the kustomization; the hub's Deployment sets every setting the hub needs in
 * production (compared with the placeholders of application.yml, so a new required setting fails this test) and no
 * unknown one; probes and metrics use the management port; versions are the ones the local scripts run; only the hub
 * reaches Elasticsearch and PostgreSQL; the hub speaks TLS to both.
 */
class KubernetesManifestsTests {

    static final Path DIR = Path.of("..", "deploy", "kubernetes");
    static final Path APPLICATION_YML = Path.of("src", "main", "resources", "application.yml");
    static final Path LIB_SH = Path.of("..", "deploy", "local", "lib.sh");

    /** Placeholders with an empty default that a production instance may leave unset, and why. */
    static final Map<String, String> OPTIONAL_IN_PRODUCTION = Map.of(
            "VERBUND_MASTER_SECRET", "protects keys kept in files, development only (production: the HSM)");

    /** Settings bound by name (relaxed binding) rather than through a placeholder of application.yml. */
    static final Set<String> BOUND_BY_NAME = Set.of("VERBUND_PKCS11_LIBRARY", "VERBUND_EXTRACT_WORKDIR");

    @Test
    void everyManifestParsesAndIsListedInTheKustomization() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        for (Path file : files) {
            for (Map<String, Object> doc : documents(file)) {
                assertThat(doc).as(file.toString()).containsKeys("apiVersion", "kind");
                if (!doc.get("kind").equals("Kustomization")) {
                    assertThat(map(doc, "metadata")).as(file.toString()).containsKey("name");
                }
            }
        }
        List<String> listed = strings(documents(DIR.resolve("kustomization.yaml")).getFirst().get("resources"));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(files.stream().map(p -> p.getFileName().toString())
                .filter(n -> !n.equals("kustomization.yaml")).toList());
    }

    @Test
    void theHubDeploymentSetsEverySettingTheHubNeedsAndNoUnknownOne() throws IOException {
        Map<String, Object> deployment = one("hub.yaml", "Deployment");
        Map<String, Object> container = hubContainer(deployment);
        Map<String, Object> env = new java.util.TreeMap<>();
        for (Object e : (List<?>) container.get("env")) {
            Map<?, ?> var = (Map<?, ?>) e;
            env.put((String) var.get("name"), var.containsKey("value") ? var.get("value") : var.get("valueFrom"));
        }

        String yml = Files.readString(APPLICATION_YML, StandardCharsets.UTF_8);
        Set<String> placeholders = new TreeSet<>();
        Set<String> withoutDefault = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(VERBUND_[A-Z0-9_]+)(:?)([^}]*)}").matcher(yml);
        while (m.find()) {
            placeholders.add(m.group(1));
            if (m.group(2).isEmpty() || m.group(3).isBlank()) {
                withoutDefault.add(m.group(1));
            }
        }
        assertThat(withoutDefault).as("the placeholders without a default").isNotEmpty();
        Set<String> required = new TreeSet<>(withoutDefault);
        required.removeAll(OPTIONAL_IN_PRODUCTION.keySet());
        // defaults that point at the local development services must be replaced in production
        required.addAll(List.of("VERBUND_ISSUER", "VERBUND_PG_URL", "VERBUND_ES_URL", "VERBUND_VAULT_DIR",
                "VERBUND_PKCS11_LIBRARY", "VERBUND_HUB_ADDRESS"));
        assertThat(env.keySet()).as("settings the hub needs in production").containsAll(required);
        for (String name : env.keySet()) {
            if (name.startsWith("VERBUND_")) {
                assertThat(placeholders.contains(name) || BOUND_BY_NAME.contains(name))
                        .as(name + " is a setting the hub knows").isTrue();
            }
        }
        for (String secret : List.of("VERBUND_PG_APP_PASSWORD", "VERBUND_PG_OWNER_PASSWORD", "VERBUND_ES_PASSWORD",
                "VERBUND_PKCS11_PIN", "VERBUND_CURSOR_KEY", "VERBUND_WEB_LOGIN_KEY", "VERBUND_WEB_CLIENT_SECRET")) {
            assertThat(env.get(secret)).as(secret + " comes from a Kubernetes secret").isInstanceOf(Map.class);
            assertThat(((Map<?, ?>) env.get(secret)).containsKey("secretKeyRef")).as(secret).isTrue();
        }
        assertThat((String) env.get("VERBUND_PG_URL")).contains("sslmode=verify-full").contains("targetServerType=primary")
                .doesNotContain("127.0.0.1").doesNotContain("localhost");
        assertThat((String) env.get("VERBUND_ES_URL")).startsWith("https://");
        assertThat((String) env.get("VERBUND_ISSUER")).startsWith("https://");
    }

    @Test
    void severalInstancesWithProbesOnTheManagementPortAndADisruptionBudget() throws IOException {
        Map<String, Object> deployment = one("hub.yaml", "Deployment");
        Map<String, Object> spec = map(deployment, "spec");
        int replicas = (Integer) spec.get("replicas");
        assertThat(replicas).isGreaterThanOrEqualTo(2);
        Map<String, Object> container = hubContainer(deployment);
        String managementPort = env(container, "VERBUND_MANAGEMENT_PORT");
        Object managementContainerPort = ((List<?>) container.get("ports")).stream().map(p -> (Map<?, ?>) p)
                .filter(p -> "management".equals(p.get("name"))).map(p -> p.get("containerPort")).findFirst().orElseThrow();
        assertThat(String.valueOf(managementContainerPort)).isEqualTo(managementPort);
        assertThat(env(container, "VERBUND_HUB_PORT")).isNotEqualTo(managementPort);
        Map<String, Object> readiness = map(container, "readinessProbe");
        Map<String, Object> liveness = map(container, "livenessProbe");
        assertThat(map(readiness, "httpGet")).containsEntry("path", "/actuator/health/readiness").containsEntry("port", "management");
        assertThat(map(liveness, "httpGet")).containsEntry("path", "/actuator/health/liveness").containsEntry("port", "management");
        Map<String, Object> annotations = map(map(map(spec, "template"), "metadata"), "annotations");
        assertThat(annotations).containsEntry("prometheus.io/port", managementPort)
                .containsEntry("prometheus.io/path", "/actuator/prometheus");

        Map<String, Object> pdb = one("hub.yaml", "PodDisruptionBudget");
        int minAvailable = (Integer) map(pdb, "spec").get("minAvailable");
        assertThat(minAvailable).isBetween(1, replicas - 1);
        assertThat(map(map(pdb, "spec"), "selector")).isEqualTo(map(spec, "selector"));
        assertThat(documents(DIR.resolve("hub.yaml")).stream().filter(d -> d.get("kind").equals("PersistentVolumeClaim"))
                .map(d -> strings(map(d, "spec").get("accessModes")))).as("the vault is shared by all instances")
                .containsExactly(List.of("ReadWriteMany"));
    }

    @Test
    void theVersionsAreTheOnesTheLocalScriptsRun() throws IOException {
        String lib = Files.readString(LIB_SH, StandardCharsets.UTF_8);
        String es = version(lib, "VERBUND_ES_VERSION");
        String kc = version(lib, "VERBUND_KC_VERSION");
        assertThat(map(one("elasticsearch.yaml", "Elasticsearch"), "spec")).containsEntry("version", es);
        assertThat((String) map(one("keycloak.yaml", "Keycloak"), "spec").get("image")).endsWith(":" + kc);
        assertThat((String) map(one("postgresql.yaml", "Cluster"), "spec").get("imageName")).endsWith(":15");
        String pom = Files.readString(Path.of("..", "pom.xml"), StandardCharsets.UTF_8);
        Matcher v = Pattern.compile("<artifactId>verbund-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(v.find()).isTrue();
        assertThat((String) hubContainer(one("hub.yaml", "Deployment")).get("image")).endsWith(":" + v.group(1));
        assertThat(Files.readString(DIR.resolve("Containerfile"))).contains("hub:" + v.group(1));
        // a synchronous standby before a commit is acknowledged
        Map<String, Object> sync = map(map(map(one("postgresql.yaml", "Cluster"), "spec"), "postgresql"), "synchronous");
        assertThat((Integer) sync.get("number")).isGreaterThanOrEqualTo(1);
        assertThat(sync).containsEntry("dataDurability", "required");
    }

    @Test
    void onlyTheHubReachesElasticsearchAndPostgresql() throws IOException {
        List<Map<String, Object>> policies = documents(DIR.resolve("network-policies.yaml"));
        assertThat(policies.stream().filter(p -> map(p, "spec").get("podSelector") instanceof Map<?, ?> s && s.isEmpty()))
                .as("a default deny for the namespace").hasSize(1);
        for (String target : List.of("elasticsearch-only-from-hub", "postgresql-only-from-hub")) {
            Map<String, Object> policy = policies.stream().filter(p -> map(p, "metadata").get("name").equals(target))
                    .findFirst().orElseThrow();
            int clientPort = target.startsWith("elasticsearch") ? 9200 : 5432;
            for (Object rule : (List<?>) map(policy, "spec").get("ingress")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                boolean clientPortOpen = ((List<?>) r.get("ports")).stream().anyMatch(p -> Integer.valueOf(clientPort)
                        .equals(((Map<?, ?>) p).get("port")));
                if (!clientPortOpen) {
                    continue;
                }
                for (Object from : (List<?>) r.get("from")) {
                    Map<?, ?> peer = (Map<?, ?>) from;
                    String pods = String.valueOf(peer.get("podSelector"));
                    String namespace = String.valueOf(peer.get("namespaceSelector"));
                    assertThat(pods.contains("verbund-hub") || pods.contains("verbund-pg")
                            || namespace.contains("elastic-system") || namespace.contains("cnpg-system"))
                            .as(target + " lets in only the hub, its own members and its operator: " + peer).isTrue();
                }
            }
        }
    }

    // ---- helpers

    static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        for (Object doc : new Yaml(options).loadAll(Files.readString(file, StandardCharsets.UTF_8))) {
            if (doc != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) doc;
                docs.add(map);
            }
        }
        return docs;
    }

    static Map<String, Object> one(String file, String kind) throws IOException {
        return documents(DIR.resolve(file)).stream().filter(d -> kind.equals(d.get("kind"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> hubContainer(Map<String, Object> deployment) {
        List<?> containers = (List<?>) map(map(map(deployment, "spec"), "template"), "spec").get("containers");
        return containers.stream().map(c -> (Map<String, Object>) c).filter(c -> "hub".equals(c.get("name")))
                .findFirst().orElseThrow();
    }

    static String env(Map<String, Object> container, String name) {
        return ((List<?>) container.get("env")).stream().map(e -> (Map<?, ?>) e).filter(e -> name.equals(e.get("name")))
                .map(e -> String.valueOf(e.get("value"))).findFirst().orElseThrow();
    }

    static String version(String lib, String name) {
        Matcher m = Pattern.compile(name + "=\"\\$\\{" + name + ":-([^}]+)}\"").matcher(lib);
        assertThat(m.find()).as(name + " in lib.sh").isTrue();
        return m.group(1);
    }
}
