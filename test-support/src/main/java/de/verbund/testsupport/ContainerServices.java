package de.verbund.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;

/**
 * The same three services as containers, for machines with a Docker engine and no services started by the
 * scripts. Started once per JVM and left to Testcontainers' reaper. Elasticsearch runs with its built-in
 * {@code elastic} superuser here (the scripts use a least-privilege file-realm user instead).
 */
final class ContainerServices {

    private static final String ES_PASSWORD = "verbund-test-elastic";
    private static final String PG_SUPER_PASSWORD = "verbund-test-postgres";

    private ContainerServices() {
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @SuppressWarnings("resource")
    static ServiceEndpoints start() {
        GenericContainer<?> es = new GenericContainer<>("docker.elastic.co/elasticsearch/elasticsearch:9.5.4")
                .withEnv("discovery.type", "single-node")
                .withEnv("xpack.security.enabled", "true")
                .withEnv("xpack.security.http.ssl.enabled", "false")
                .withEnv("ELASTIC_PASSWORD", ES_PASSWORD)
                .withEnv("ES_JAVA_OPTS", "-Xms1g -Xmx1g")
                .withExposedPorts(9200)
                .waitingFor(Wait.forHttp("/_cluster/health").withBasicCredentials("elastic", ES_PASSWORD)
                        .forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        String init = """
                CREATE ROLE verbund_owner LOGIN PASSWORD 'owner';
                CREATE ROLE verbund_app LOGIN PASSWORD 'app';
                CREATE DATABASE verbund_test OWNER verbund_owner;
                REVOKE ALL ON DATABASE verbund_test FROM PUBLIC;
                GRANT CONNECT ON DATABASE verbund_test TO verbund_app;
                \\c verbund_test
                REVOKE CREATE ON SCHEMA public FROM PUBLIC;
                ALTER SCHEMA public OWNER TO verbund_owner;
                """;
        GenericContainer<?> pg = new GenericContainer<>("postgres:15")
                .withEnv("POSTGRES_PASSWORD", PG_SUPER_PASSWORD)
                .withCopyToContainer(Transferable.of(init), "/docker-entrypoint-initdb.d/verbund.sql")
                .withExposedPorts(5432)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
        GenericContainer<?> kc = new GenericContainer<>("quay.io/keycloak/keycloak:26.5.6")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")
                .withCopyToContainer(MountableFile.forHostPath(realmFile()), "/opt/keycloak/data/import/verbund-realm.json")
                .withCommand("start-dev", "--import-realm")
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/realms/verbund/.well-known/openid-configuration")
                        .forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
        es.start();
        pg.start();
        kc.start();
        String kcUrl = "http://localhost:" + kc.getMappedPort(8080);
        return new ServiceEndpoints("http://" + es.getHost() + ":" + es.getMappedPort(9200), "elastic", ES_PASSWORD,
                "elastic", ES_PASSWORD,
                "jdbc:postgresql://" + pg.getHost() + ":" + pg.getMappedPort(5432) + "/verbund_test",
                "verbund_owner", "owner", "verbund_app", "app", kcUrl, kcUrl + "/realms/verbund", "Testcontainers");
    }

    private static Path realmFile() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("deploy/keycloak/verbund-realm.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new ServicesMissing("deploy/keycloak/verbund-realm.json not found above " + Path.of("").toAbsolutePath());
    }
}
