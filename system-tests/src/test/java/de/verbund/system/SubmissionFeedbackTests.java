package de.verbund.system;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import de.verbund.client.VerbundClient;
import de.verbund.testsupport.Tokens;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a submitter is told about a file beyond accepted/rejected: evidence that yields no text or is not what its
 * name says is accepted with a warning (in the answer and in the stored report), and the same file submitted again
 * with other labels is a 409 naming the existing report instead of a silent DUPLICATE that keeps the old labels.
 */
@HubTest
class SubmissionFeedbackTests {

    @LocalServerPort
    int port;

    HubClient hub;
    String submitter;

    @BeforeEach
    void setUp() {
        hub = new HubClient(port);
        submitter = Tokens.of("submitter-bka");
    }

    /** The start of an x86-64 ELF executable, unique per test run so that it is never a duplicate. */
    static byte[] elf() {
        byte[] bytes = new byte[4096];
        byte[] header = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
        System.arraycopy(header, 0, bytes, 0, header.length);
        bytes[16] = 3; // ET_DYN
        bytes[18] = 0x3e; // x86-64
        byte[] unique = TestReports.uniqueWord().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(unique, 0, bytes, 4000, unique.length);
        return bytes;
    }

    static List<String> codes(JsonNode warnings) {
        return warnings.valueStream().map(w -> w.path("code").asString()).toList();
    }

    @Test
    void executableNamedPdfThenAcceptedWithTypeMismatchAndNoTextWarnings() {
        VerbundClient.Response r = hub.submit(submitter, elf(), "Bericht.pdf", TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(codes(r.json().path("warnings"))).containsExactly("no-text", "type-mismatch");
        assertThat(r.json().path("warnings").get(1).path("detail").asString()).contains("does not match");
        JsonNode read = hub.get(Tokens.of("analyst-bka"), "/api/v1/reports/" + r.json().path("id").asString()
                + "?purpose=Test&caseReference=BKA-T-1").json();
        assertThat(read.path("normalised").path("warnings").valueStream().map(JsonNode::asString).toList())
                .containsExactly("no-text", "type-mismatch");
    }

    @Test
    void truncatedPdfThenAcceptedWithNoTextWarning() {
        String pdf = "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
                + "/Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                + "/Contents 4 0 R >>\nendobj\n4 0 obj\n<< /Length 200 >>\nstream\nBT /F1 12 Tf 72 712 Td ("
                + TestReports.uniqueWord();
        VerbundClient.Response r = hub.submit(submitter, pdf.getBytes(StandardCharsets.ISO_8859_1), "abgeschnitten.pdf",
                TestReports.json(TestReports.labels()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(codes(r.json().path("warnings"))).containsExactly("no-text");
    }

    @Test
    void ordinaryTextThenNoWarnings() {
        VerbundClient.Response r = hub.submit(submitter, ("Lagebild " + TestReports.uniqueWord())
                .getBytes(StandardCharsets.UTF_8), "lagebild.txt", TestReports.json(TestReports.labels()));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().path("warnings").isEmpty()).isTrue();
    }

    @Test
    void sameFileWithOtherLabelsThenConflictNamingTheExistingReport() {
        byte[] file = ("Ermittlungsbericht " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> secret = TestReports.with(TestReports.labels(), "classification", "GEHEIM");
        VerbundClient.Response first = hub.submit(submitter, file, "bericht.txt", TestReports.json(secret));
        assertThat(first.status()).isEqualTo(201);
        String id = first.json().path("id").asString();

        VerbundClient.Response again = hub.submit(submitter, file, "bericht.txt", TestReports.json(secret));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asString()).isEqualTo("DUPLICATE");

        VerbundClient.Response open = hub.submit(submitter, file, "bericht.txt",
                TestReports.json(TestReports.with(secret, "classification", "OFFEN")));
        assertThat(open.status()).as(open.body()).isEqualTo(409);
        assertThat(open.json().path("type").asString()).isEqualTo("urn:verbund:problem:labels-differ");
        assertThat(open.json().path("existingId").asString()).isEqualTo(id);

        VerbundClient.Response batch = hub.client().submitBatch(submitter, List.of(
                new VerbundClient.File("bericht.txt", file),
                new VerbundClient.File("neu.txt", ("Neu " + TestReports.uniqueWord()).getBytes(StandardCharsets.UTF_8))),
                TestReports.json(TestReports.with(secret, "classification", "OFFEN")));
        assertThat(batch.status()).isEqualTo(200);
        JsonNode results = batch.json().path("results");
        assertThat(results.get(0).path("status").asString()).isEqualTo("REJECTED");
        assertThat(results.get(0).path("problemType").asString()).isEqualTo("urn:verbund:problem:labels-differ");
        assertThat(results.get(0).path("id").asString()).isEqualTo(id);
        assertThat(results.get(1).path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(Arrays.asList(batch.json().path("accepted").asInt(), batch.json().path("rejected").asInt()))
                .containsExactly(1, 1);
    }
}
