package de.verbund.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;

/**
 * JUnit 5 extension that locates the real services once per test run, checks that each answers, and publishes
 * them as system properties for the hub ({@code verbund.*}, {@code spring.datasource.*}, {@code spring.flyway.*}).
 * Tests use the database {@code verbund_test} and the index alias {@code verbund-test-reports}.
 * <p>Order of lookup: {@code VERBUND_*} environment variables (set by {@code deploy/local/services.sh}); else,
 * where a Docker engine exists, Testcontainers ({@link ContainerServices}); else {@link ServicesMissing}.
 */
public final class VerbundServices implements BeforeAllCallback, TestInstancePreConstructCallback {

    public static final String TEST_INDEX = "verbund-test-reports";

    private static volatile @Nullable ServiceEndpoints endpoints;

    /** Runs before a PER_CLASS test instance (and its Spring context) is built, which is before {@code beforeAll}. */
    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        publish();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        publish();
    }

    private static void publish() {
        ServiceEndpoints found = endpoints();
        System.setProperty("verbund.elasticsearch.url", found.esUrl());
        System.setProperty("verbund.elasticsearch.username", found.esUser());
        System.setProperty("verbund.elasticsearch.password", found.esPassword());
        System.setProperty("spring.datasource.url", found.pgUrl());
        System.setProperty("spring.datasource.username", found.pgAppUser());
        System.setProperty("spring.datasource.password", found.pgAppPassword());
        System.setProperty("spring.flyway.user", found.pgOwnerUser());
        System.setProperty("spring.flyway.password", found.pgOwnerPassword());
        System.setProperty("spring.flyway.placeholders.appRole", found.pgAppUser());
        System.setProperty("verbund.security.issuer", found.issuer());
        System.setProperty("verbund.security.jwk-set-uri", found.issuer() + "/protocol/openid-connect/certs");
        System.setProperty("verbund.index.name", TEST_INDEX);
        Path testData = testDataDir();
        System.setProperty("verbund.vault.dir", testData.resolve("vault").toString());
        System.setProperty("verbund.crypto.keystore", testData.resolve("keys/kek.p12").toString());
        System.setProperty("verbund.crypto.master-secret", "test-master-secret-not-for-production");
        System.setProperty("verbund.crypto.trust-dir", testData.resolve("trust").toString());
        System.setProperty("verbund.extract.work-dir", testData.resolve("extract").toString());
        System.setProperty("verbund.audit.signing-key", testData.resolve("keys/audit-signing.key").toString());
        System.setProperty("verbund.audit.checkpoint-seconds", "1");
        // keys in the test token of SoftHSM2, as in production in an HSM (deploy/local/services.sh initialises it)
        String library = System.getenv("VERBUND_PKCS11_LIBRARY");
        String pin = System.getenv("VERBUND_PKCS11_TEST_PIN");
        if (library == null || library.isBlank() || pin == null || pin.isBlank()) {
            throw new ServicesMissing("VERBUND_PKCS11_LIBRARY and VERBUND_PKCS11_TEST_PIN are not set: the tests keep the "
                    + "keys in a SoftHSM2 token; run them through deploy/local/test.sh");
        }
        System.setProperty("verbund.pkcs11.library", library);
        System.setProperty("verbund.pkcs11.token-label", System.getenv().getOrDefault("VERBUND_PKCS11_TEST_TOKEN_LABEL",
                "verbund-test"));
        System.setProperty("verbund.pkcs11.pin", pin);
    }

    /** Vault, keystore and parser work folder of the test run, below the build folder. */
    public static Path testDataDir() {
        return Path.of("target", "verbund-test-data").toAbsolutePath();
    }

    /** The services of this run, found and checked once. */
    public static synchronized ServiceEndpoints endpoints() {
        ServiceEndpoints current = endpoints;
        if (current == null) {
            current = locate(System::getenv);
            check(current);
            System.out.println("[verbund-test] using real services: " + current);
            endpoints = current;
        }
        return current;
    }

    static ServiceEndpoints locate(Function<String, @Nullable String> env) {
        String es = env.apply("VERBUND_ES_URL");
        if (es != null && !es.isBlank()) {
            List<String> missing = new ArrayList<>();
            String pgUrl = require(env, "VERBUND_PG_TEST_URL", missing);
            ServiceEndpoints fromEnv = new ServiceEndpoints(es,
                    require(env, "VERBUND_ES_USER", missing), require(env, "VERBUND_ES_PASSWORD", missing),
                    require(env, "VERBUND_ES_ADMIN_USER", missing), require(env, "VERBUND_ES_ADMIN_PASSWORD", missing),
                    pgUrl,
                    require(env, "VERBUND_PG_OWNER_USER", missing), require(env, "VERBUND_PG_OWNER_PASSWORD", missing),
                    require(env, "VERBUND_PG_APP_USER", missing), require(env, "VERBUND_PG_APP_PASSWORD", missing),
                    require(env, "VERBUND_KEYCLOAK_URL", missing), require(env, "VERBUND_ISSUER", missing),
                    "environment (deploy/local/services.sh)");
            if (!missing.isEmpty()) {
                throw new ServicesMissing("VERBUND_ES_URL is set but these variables are missing: " + missing);
            }
            return fromEnv;
        }
        if (ContainerServices.dockerAvailable()) {
            return ContainerServices.start();
        }
        throw new ServicesMissing("No services for the integration tests: VERBUND_ES_URL is not set and no Docker "
                + "engine is reachable.");
    }

    private static String require(Function<String, @Nullable String> env, String name, List<String> missing) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            missing.add(name);
            return "";
        }
        return value;
    }

    private static void check(ServiceEndpoints e) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String basic = Base64.getEncoder().encodeToString(
                (e.esAdminUser() + ":" + e.esAdminPassword()).getBytes(StandardCharsets.UTF_8));
        expect200(http, HttpRequest.newBuilder(URI.create(e.esUrl() + "/_cluster/health"))
                .header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(10)).build(), "Elasticsearch at " + e.esUrl());
        expect200(http, HttpRequest.newBuilder(URI.create(e.issuer() + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(10)).build(), "Keycloak realm at " + e.issuer());
        URI pg = URI.create(e.pgUrl().substring("jdbc:".length()));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(pg.getHost(), pg.getPort()), 5000);
        } catch (IOException ex) {
            throw new ServicesMissing("PostgreSQL at " + pg.getHost() + ":" + pg.getPort() + " does not answer: " + ex);
        }
    }

    private static void expect200(HttpClient http, HttpRequest request, String what) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new ServicesMissing(what + " answered " + response.statusCode());
            }
        } catch (IOException ex) {
            throw new ServicesMissing(what + " does not answer: " + ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ServicesMissing(what + ": interrupted");
        }
    }
}
