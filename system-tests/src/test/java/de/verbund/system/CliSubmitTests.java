package de.verbund.system;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import de.verbund.cli.SubmitFolder;
import de.verbund.ingest.extract.HostileCorpus;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line submitter on a folder with good, repeated and hostile files. */
@HubTest
class CliSubmitTests {

    @LocalServerPort
    int port;

    @TempDir
    Path folder;

    @Test
    void folderThenProgressAndSummaryWithReasons() throws Exception {
        String word = TestReports.uniqueWord();
        Files.writeString(folder.resolve("bericht-1.txt"), "Erster Bericht " + word);
        Files.createDirectories(folder.resolve("unterordner"));
        Files.writeString(folder.resolve("unterordner/bericht-2.txt"), "Zweiter Bericht " + word);
        Files.writeString(folder.resolve("kopie.txt"), "Erster Bericht " + word);
        Files.write(folder.resolve("gesperrt.pdf"), HostileCorpus.hostile("encrypted.pdf"));
        Files.write(folder.resolve("leer.txt"), new byte[0]);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        SubmitFolder.Summary summary = SubmitFolder.run("http://127.0.0.1:" + port, () -> Tokens.of("submitter-bka"),
                TestReports.json(TestReports.labels()), folder, new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(summary.accepted()).isEqualTo(2);
        assertThat(summary.duplicates()).isEqualTo(1);
        assertThat(summary.rejected()).containsOnlyKeys("gesperrt.pdf", "leer.txt");
        assertThat(summary.rejected().get("gesperrt.pdf")).contains("encrypted-document");
        assertThat(summary.rejected().get("leer.txt")).contains("empty-file");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("5/5", "[##############################]");
    }
}
