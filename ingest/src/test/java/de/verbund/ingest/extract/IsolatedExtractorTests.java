package de.verbund.ingest.extract;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Extraction in child processes: every supported format in, every hostile file out with its reason. */
class IsolatedExtractorTests {

    @TempDir
    static Path dir;

    static IsolatedExtractor extractor;

    @BeforeAll
    static void start() {
        extractor = new IsolatedExtractor(new ExtractionLimits(2, Duration.ofSeconds(30), 256, 1_000_000, 100, 3, 100,
                Duration.ofSeconds(60), 5, null), dir.resolve("work"));
    }

    @AfterAll
    static void stop() {
        extractor.close();
    }

    @Test
    void everySupportedFormatThenTextExtracted() throws Exception {
        for (Map.Entry<String, byte[]> file : HostileCorpus.valid().entrySet()) {
            Extraction e = extractor.extract(HostileCorpus.write(dir, file.getKey(), file.getValue()), file.getKey());
            assertThat(e.text()).as(file.getKey() + " (" + e.contentType() + ")").containsIgnoringCase("Ermittlungsbericht");
            assertThat(e.language()).as(file.getKey()).isEqualTo("de");
        }
    }

    @Test
    void scannedImageAndScannedPdfThenGermanOcrText() throws Exception {
        Extraction png = extractor.extract(HostileCorpus.write(dir, "scan.png",
                HostileCorpus.scannedPng("Durchsuchung der Wohnung in Nürnberg")), "scan.png");
        assertThat(png.text()).contains("Durchsuchung").contains("Nürnberg");
        Extraction pdf = extractor.extract(HostileCorpus.write(dir, "scan.pdf",
                HostileCorpus.scannedPdf("Beschlagnahme des Laptops")), "scan.pdf");
        assertThat(pdf.text()).contains("Beschlagnahme");
    }

    @Test
    void containerThenEmbeddedDocumentsWithTheirPaths() throws Exception {
        byte[] zip = HostileCorpus.valid().get("akte.zip");
        Extraction e = extractor.extract(HostileCorpus.write(dir, "akte2.zip", zip), "akte2.zip");
        assertThat(e.documents()).extracting(Extraction.EmbeddedDocument::path)
                .contains("/", "/ordner/bericht.txt", "/ordner/anlage.docx");
        assertThat(e.text()).contains("[/ordner/anlage.docx]").contains("Anlage zum Ermittlungsbericht");
    }

    @Test
    void mailThenAttachmentExtracted() throws Exception {
        Extraction e = extractor.extract(HostileCorpus.write(dir, "m.eml", HostileCorpus.valid().get("mail.eml")), "m.eml");
        assertThat(e.contentType()).startsWith("message/rfc822");
        assertThat(e.text()).contains("Kontoverbindung");
        assertThat(e.author()).contains("hinweis@lka-by.example");
    }

    @Test
    void hostileFilesThenRejectedWithTheirReason() throws Exception {
        Map<String, String> outcome = new java.util.LinkedHashMap<>();
        for (String name : HostileCorpus.expectedRejections().keySet()) {
            Path file = HostileCorpus.write(dir, name, HostileCorpus.hostile(name));
            try {
                Extraction e = extractor.extract(file, name);
                outcome.put(name, e.truncated() ? "partial" : "accepted " + e.contentType());
            } catch (ExtractionFailed f) {
                outcome.put(name, f.reason().slug());
            }
        }
        assertThat(outcome).isEqualTo(HostileCorpus.expectedRejections());
    }

    @Test
    void nestedDeeperThanLimitThenMarkedTruncated() throws Exception {
        Path file = HostileCorpus.write(dir, "nested.zip", HostileCorpus.nestedZip(8));
        Extraction e = extractor.extract(file, "nested.zip");
        assertThat(e.truncated()).as(e.documents().toString()).isTrue();
        assertThat(e.text()).doesNotContain("innerster Bericht");
    }

    @Test
    void textOverLimitThenTruncatedNotRejected() throws Exception {
        Path file = HostileCorpus.write(dir, "lang.txt", "Wort ".repeat(400_000).getBytes(StandardCharsets.UTF_8));
        Extraction e = extractor.extract(file, "lang.txt");
        assertThat(e.truncated()).isTrue();
        assertThat(e.text().length()).isLessThanOrEqualTo(1_000_000);
    }

    @Test
    void parseOverrunningItsTimeThenProcessKilledAndNextFileStillParsed() throws Exception {
        try (IsolatedExtractor slow = new IsolatedExtractor(new ExtractionLimits(1, Duration.ofMillis(300), 256,
                50_000_000, 100, 3, 1000, Duration.ofSeconds(30), 0, null), dir.resolve("slow"))) {
            // the first parse in a fresh process loads Tika's parsers, far beyond 300 ms
            Path big = HostileCorpus.write(dir, "big.txt", "Ermittlung ".repeat(3_000_000).getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> slow.extract(big, "big.txt"))
                    .isInstanceOfSatisfying(ExtractionFailed.class, f -> assertThat(f.reason()).isEqualTo(de.verbund.problem.ProblemType.PARSE_TIMEOUT));
            assertThat(slow.processesReplaced()).isEqualTo(1);
        }
        Path small = HostileCorpus.write(dir, "klein.txt", "Ermittlungsbericht klein".getBytes(StandardCharsets.UTF_8));
        assertThat(extractor.extract(small, "klein.txt").text()).contains("klein");
    }
}
