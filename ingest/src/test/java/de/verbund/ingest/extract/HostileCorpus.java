package de.verbund.ingest.extract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Builds the test corpus by code (large files are generated, never committed): valid documents of each
 * supported format, and hostile files with the reason each must be rejected with.
 */
public final class HostileCorpus {

    private HostileCorpus() {
    }

    /** file name → bytes of valid documents; each contains the word "Ermittlungsbericht". */
    public static Map<String, byte[]> valid() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String text = "Ermittlungsbericht zur Phishing-Kampagne gegen Sparkassenkunden in Bayern";
        files.put("bericht.txt", text.getBytes(StandardCharsets.UTF_8));
        files.put("bericht.html", ("<html><head><title>Bericht</title></head><body><p>" + text + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8));
        files.put("bericht.rtf", ("{\\rtf1\\ansi " + text + "\\par}").getBytes(StandardCharsets.US_ASCII));
        files.put("bericht.pdf", pdf(text, null));
        files.put("bericht.docx", docx(text));
        files.put("bericht.xlsx", xlsx(text));
        files.put("bericht.odt", odf("application/vnd.oasis.opendocument.text",
                "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                        + "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
                        + "<text:p>" + text + "</text:p></office:text></office:body></office:document-content>"));
        files.put("bericht.ods", odf("application/vnd.oasis.opendocument.spreadsheet",
                "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
                        + "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
                        + "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:spreadsheet>"
                        + "<table:table table:name=\"A\"><table:table-row><table:table-cell><text:p>" + text
                        + "</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
                        + "</office:document-content>"));
        files.put("mail.eml", eml(text));
        files.put("akte.zip", zip(Map.of("ordner/bericht.txt", text.getBytes(StandardCharsets.UTF_8),
                "ordner/anlage.docx", docx("Anlage zum " + text))));
        return files;
    }

    /** file name → the problem reason it must be rejected with, or "partial" for an extract marked truncated. */
    public static Map<String, String> expectedRejections() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("encrypted.pdf", "encrypted-document");
        r.put("billion-laughs.xml", "xml-entity-bomb");
        r.put("zip-bomb.zip", "zip-bomb");
        r.put("corrupt.zip", "partial");
        r.put("random.bin", "unsupported-type");
        r.put("corrupt.pdf", "corrupt-file");
        return r;
    }

    public static byte[] hostile(String name) throws IOException {
        return switch (name) {
            case "encrypted.pdf" -> pdf("geheim", "user-password");
            case "billion-laughs.xml" -> billionLaughs();
            case "zip-bomb.zip" -> zipBomb(200L * 1024 * 1024);
            case "corrupt.zip" -> {
                byte[] ok = zip(Map.of("a.txt", "Inhalt einer Datei im Archiv, lang genug".repeat(50).getBytes(StandardCharsets.UTF_8)));
                byte[] cut = java.util.Arrays.copyOf(ok, ok.length / 2);
                cut[40] ^= 0x55;
                yield cut;
            }
            case "random.bin" -> {
                byte[] b = new byte[4096];
                new Random(7).nextBytes(b);
                b[0] = 0x13;
                b[1] = 0x37;
                yield b;
            }
            case "corrupt.pdf" -> "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage \u0000\u0001 trailer".getBytes(StandardCharsets.ISO_8859_1);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A scan: German text rendered into a PNG image, for OCR. */
    public static byte[] scannedPng(String text) throws IOException {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(1400, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(java.awt.Color.BLACK);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new java.awt.Font(java.awt.Font.SERIF, java.awt.Font.PLAIN, 48));
        g.drawString(text, 40, 120);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A scanned PDF: one page holding only an image of text. */
    public static byte[] scannedPdf(String text) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            var image = org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject.createFromByteArray(doc, scannedPng(text), "scan.png");
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.drawImage(image, 20, 500, 570, 81);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** Nested zips, each holding the next: depth {@code levels}. */
    public static byte[] nestedZip(int levels) throws IOException {
        byte[] inner = "innerster Bericht".getBytes(StandardCharsets.UTF_8);
        String name = "bericht.txt";
        for (int i = 0; i < levels; i++) {
            inner = zip(Map.of(name, inner));
            name = "ebene" + i + ".zip";
        }
        return inner;
    }

    static byte[] pdf(String text, String userPassword) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(50, 700);
                content.showText(text.replace("ä", "ae"));
                content.endText();
            }
            if (userPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-" + userPassword, userPassword,
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    static byte[] docx(String text) throws IOException {
        try (XWPFDocument doc = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.createParagraph().createRun().setText(text);
            doc.write(out);
            return out.toByteArray();
        }
    }

    static byte[] xlsx(String text) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            wb.createSheet("Bericht").createRow(0).createCell(0).setCellValue(text);
            wb.write(out);
            return out.toByteArray();
        }
    }

    static byte[] odf(String mimeType, String contentXml) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry mime = new ZipEntry("mimetype");
            mime.setMethod(ZipEntry.STORED);
            byte[] m = mimeType.getBytes(StandardCharsets.US_ASCII);
            mime.setSize(m.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(m);
            mime.setCrc(crc.getValue());
            zip.putNextEntry(mime);
            zip.write(m);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("content.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + contentXml).getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("META-INF/manifest.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\">"
                    + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + mimeType + "\"/>"
                    + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>")
                    .getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] eml(String text) {
        String boundary = "b1";
        return ("From: hinweis@lka-by.example\r\nTo: auswertung@bka.example\r\nSubject: Hinweis Phishing\r\n"
                + "Date: Mon, 2 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; name=\"anlage.txt\"\r\n"
                + "Content-Disposition: attachment; filename=\"anlage.txt\"\r\n\r\nAnlage mit Kontoverbindung\r\n"
                + "--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    static byte[] zipBomb(long uncompressed) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(9);
            zip.putNextEntry(new ZipEntry("bomb.txt"));
            byte[] block = new byte[1 << 20];
            java.util.Arrays.fill(block, (byte) 'A');
            for (long written = 0; written < uncompressed; written += block.length) {
                zip.write(block);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    static byte[] billionLaughs() {
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
        b.append(" <!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
        for (int i = 2; i <= 9; i++) {
            b.append(" <!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                b.append("&lol").append(i - 1).append(';');
            }
            b.append("\">\n");
        }
        b.append("]>\n<lolz>&lol9;</lolz>\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static Path write(Path dir, String name, byte[] data) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(data);
        }
        return file;
    }
}
