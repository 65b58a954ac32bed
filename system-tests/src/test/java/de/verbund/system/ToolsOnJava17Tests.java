package de.verbund.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import de.verbund.testsupport.Tokens;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tools users run on their own machines, as built, on Debian 12's default runtime (Java 17): the command-line
 * submitter submits a folder to the hub, the offline verifier verifies an oversight export. {@code deploy/local/test.sh}
 * provides the runtime in {@code VERBUND_JAVA17_HOME}; without it the test fails.
 */
@HubTest
class ToolsOnJava17Tests {

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    HubClient hub;
    Path java17;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
        String home = System.getenv("VERBUND_JAVA17_HOME");
        assertThat(home).as("VERBUND_JAVA17_HOME (set by deploy/local/test.sh)").isNotBlank();
        java17 = Path.of(home, "bin", "java");
        assertThat(java17).isExecutable();
    }

    record Run(int exit, String output) {}

    Run run(List<String> command) throws IOException, InterruptedException {
        Path log = dir.resolve("run-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished within 120 s").isTrue();
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    static Path jar(String module, String name) {
        Path jar = Path.of("..", module, "target", name).toAbsolutePath().normalize();
        assertThat(jar).as("built by the reactor before system-tests").exists();
        return jar;
    }

    @Test
    void runtimeIsJava17() throws Exception {
        Run version = run(List.of(java17.toString(), "-version"));
        assertThat(version.output()).contains("version \"17");
    }

    @Test
    void cliSubmitsFolderOnJava17() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("berichte"));
        Files.writeString(folder.resolve("bericht.txt"), "Bericht " + TestReports.uniqueWord());
        Path labels = Files.writeString(dir.resolve("labels.json"), TestReports.json(TestReports.labels()));
        List<String> command = new ArrayList<>(List.of(java17.toString(), "-jar",
                jar("cli", "verbund-cli-exec.jar").toString(), "--hub", "http://127.0.0.1:" + port,
                "--issuer", VerbundServices.endpoints().issuer(), "--user", "submitter-bka",
                "--password", Tokens.DEMO_PASSWORD, "--labels", labels.toString(), folder.toString()));
        Run cli = run(command);
        assertThat(cli.output()).doesNotContain("UnsupportedClassVersionError");
        assertThat(cli.exit()).as(cli.output()).isZero();
        assertThat(cli.output()).containsPattern("accepted:?\\s*1");
    }

    @Test
    void auditVerifierVerifiesExportOnJava17() throws Exception {
        Path export = dir.resolve("verbund-audit.jsonl");
        Files.writeString(export, hub.get(Tokens.of("oversight-bfdi"), "/api/v1/audit/export").body());
        String key = hub.get(null, "/api/v1/audit/public-key").body().strip();
        Run verify = run(List.of(java17.toString(), "-jar",
                jar("audit-verifier", "verbund-audit-verify-cli.jar").toString(), export.toString(), key));
        assertThat(verify.output()).doesNotContain("UnsupportedClassVersionError");
        assertThat(verify.exit()).as(verify.output()).isZero();
    }
}
