package de.verbund.ingest.extract;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.AutoDetectParserConfig;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.RecursiveParserWrapper;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.apache.tika.sax.BasicContentHandlerFactory;
import org.apache.tika.sax.RecursiveParserWrapperHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The parser process: reads one request per line from stdin ({@code <input path>\t<output path>\t<file name>}),
 * parses the input with Tika under the limits given as system properties, writes the result as JSON to the
 * output path and answers {@code OK} or {@code ERR\t<reason>\t<message>} on stdout. Anything Tika prints goes to
 * stderr. It holds no secrets and no database connection; the hub kills it when it overruns.
 */
public final class ExtractorMain {

    private ExtractorMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream protocol = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int maxChars = Integer.getInteger("verbund.extract.maxCharacters", 10_000_000);
        int maxEmbedded = Integer.getInteger("verbund.extract.maxEmbedded", 1000);
        int maxDepth = Integer.getInteger("verbund.extract.maxDepth", 5);
        long maxRatio = Long.getLong("verbund.extract.maxCompressionRatio", 100);
        int ocrTimeout = Integer.getInteger("verbund.extract.ocrTimeoutSeconds", 50);

        AutoDetectParserConfig config = new AutoDetectParserConfig();
        config.setMaximumCompressionRatio(maxRatio);
        config.setOutputThreshold(100_000);
        config.setMaximumDepth(100);
        config.setMaximumPackageEntryDepth(maxDepth);
        config.setContentHandlerDecoratorFactory((handler, md, ctx) -> new ExpansionGuard(handler, maxRatio));
        AutoDetectParser parser = new AutoDetectParser();
        parser.setAutoDetectParserConfig(config);
        RecursiveParserWrapper wrapper = new RecursiveParserWrapper(parser);
        JsonMapper json = JsonMapper.builder().build();

        warmUp(wrapper, Integer.getInteger("verbund.extract.warmUpParses", 0), maxChars, maxEmbedded, maxDepth, ocrTimeout);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        protocol.println("READY");
        String line;
        while ((line = in.readLine()) != null) {
            String[] request = line.split("\t", 3);
            if (request.length != 3) {
                protocol.println("ERR\tbad-request\tmalformed request");
                continue;
            }
            Path input = Path.of(request[0]);
            Path output = Path.of(request[1]);
            try {
                ExpansionGuard.start(Files.size(input));
                Map<String, Object> result = parse(wrapper, input, request[2], maxChars, maxEmbedded, maxDepth, ocrTimeout);
                json.writeValue(output.toFile(), result);
                protocol.println("OK");
            } catch (Failure f) {
                protocol.println("ERR\t" + f.reason + "\t" + f.getMessage());
            } catch (Throwable t) {
                protocol.println("ERR\t" + classify(t) + "\t" + message(classify(t)));
            }
        }
    }

    /**
     * Parses a generated one-page PDF and a small HTML file {@code times} times before the first request, so that
     * the JIT compiler has optimised the parser code before real submissions arrive (a cold parser process is
     * several times slower than a warm one). Files from this process only; nothing of a submission.
     */
    static void warmUp(RecursiveParserWrapper wrapper, int times, int maxChars, int maxEmbedded, int maxDepth,
                       int ocrTimeout) {
        if (times <= 0) {
            return;
        }
        Path pdf = null;
        Path html = null;
        try {
            pdf = Files.createTempFile("verbund-warmup-", ".pdf");
            html = Files.createTempFile("verbund-warmup-", ".html");
            try (org.apache.pdfbox.pdmodel.PDDocument doc = new org.apache.pdfbox.pdmodel.PDDocument()) {
                org.apache.pdfbox.pdmodel.PDPage page = new org.apache.pdfbox.pdmodel.PDPage();
                doc.addPage(page);
                try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                    content.beginText();
                    content.setFont(new org.apache.pdfbox.pdmodel.font.PDType1Font(
                            org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 10);
                    content.newLineAtOffset(50, 740);
                    for (int line = 0; line < 40; line++) {
                        content.showText("Ermittlungsbericht Zeile " + line + ": Zahlungen an Konten in Muenchen und Berlin");
                        content.newLineAtOffset(0, -14);
                    }
                    content.endText();
                }
                doc.save(pdf.toFile());
            }
            Files.writeString(html, "<html><head><title>Bericht</title></head><body><p>"
                    + "Die Ermittlungen ergaben verdächtige Überweisungen. ".repeat(40) + "</p></body></html>");
            for (int i = 0; i < times; i++) {
                parse(wrapper, pdf, "warmup.pdf", maxChars, maxEmbedded, maxDepth, ocrTimeout);
                if (i % 4 == 0) {
                    parse(wrapper, html, "warmup.html", maxChars, maxEmbedded, maxDepth, ocrTimeout);
                }
            }
        } catch (Exception e) {
            System.err.println("parser warm-up skipped: " + e.getClass().getSimpleName());
        } finally {
            for (Path p : new Path[] {pdf, html}) {
                try {
                    if (p != null) {
                        Files.deleteIfExists(p);
                    }
                } catch (java.io.IOException ignored) {
                    // a temp file of our own, no content of a submission
                }
            }
        }
    }

    private static Map<String, Object> parse(RecursiveParserWrapper wrapper, Path input, String fileName, int maxChars,
                                             int maxEmbedded, int maxDepth, int ocrTimeout) throws Exception {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        RecursiveParserWrapperHandler handler = new RecursiveParserWrapperHandler(
                new BasicContentHandlerFactory(BasicContentHandlerFactory.HANDLER_TYPE.TEXT, maxChars, false, new ParseContext()),
                maxEmbedded);
        ParseContext context = new ParseContext();
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setLanguage("deu+eng");
        ocr.setTimeoutSeconds(ocrTimeout);
        context.set(TesseractOCRConfig.class, ocr);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.AUTO);
        context.set(PDFParserConfig.class, pdf);
        Throwable topLevel = null;
        try (TikaInputStream tis = TikaInputStream.get(input, metadata)) {
            wrapper.parse(tis, handler, metadata, context);
        } catch (Throwable t) {
            if (!WriteLimitReachedException.isWriteLimitReached(t)) {
                topLevel = t;
            }
        }
        List<Metadata> list = handler.getMetadataList();
        if (topLevel != null) {
            String reason = classify(topLevel);
            if (list.isEmpty() || !reason.equals("corrupt-file") || text(list.get(0)).isBlank()) {
                throw new Failure(reason, message(reason));
            }
        }
        if (list.isEmpty()) {
            throw new Failure("corrupt-file", message("corrupt-file"));
        }
        Metadata root = list.get(0);
        String containerError = root.get(TikaCoreProperties.CONTAINER_EXCEPTION);
        if (containerError != null && text(root).isBlank() && list.size() == 1) {
            String reason = classifyText(containerError);
            throw new Failure(reason, message(reason));
        }
        StringBuilder text = new StringBuilder();
        List<Map<String, Object>> documents = new ArrayList<>();
        boolean truncated = false;
        boolean depthExceeded = false;
        for (int i = 0; i < list.size(); i++) {
            Metadata m = list.get(i);
            String path = i == 0 ? "/" : m.get(TikaCoreProperties.EMBEDDED_RESOURCE_PATH);
            String internal = m.get(TikaCoreProperties.INTERNAL_PATH);
            if (i > 0 && path != null && internal != null && !internal.isBlank()) {
                path = path.substring(0, Math.max(0, path.lastIndexOf('/'))) + "/" + internal.replaceFirst("^/+", "");
            }
            int depth = i == 0 ? 0 : parseInt(m.get(TikaCoreProperties.EMBEDDED_DEPTH), 1);
            String content = text(m);
            truncated |= "true".equals(m.get(TikaCoreProperties.WRITE_LIMIT_REACHED));
            String error = m.get(TikaCoreProperties.EMBEDDED_EXCEPTION);
            if (error != null) {
                truncated = true; // a failed embedded document makes the extract partial
                String reason = classifyText(error);
                error = reason;
                depthExceeded |= reason.equals("nesting-too-deep");
                if (reason.equals("zip-bomb") || reason.equals("xml-entity-bomb")) {
                    throw new Failure(reason, message(reason));
                }
            }
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("path", path == null ? "/?" : path);
            doc.put("contentType", contentType(m));
            doc.put("depth", depth);
            doc.put("characters", content.length());
            doc.put("error", error);
            documents.add(doc);
            if (depth > maxDepth) {
                depthExceeded = true;
                continue;
            }
            if (!content.isBlank()) {
                if (i > 0) {
                    text.append("\n\n[").append(path).append("]\n");
                }
                int room = maxChars - text.length();
                if (room <= 0) {
                    truncated = true;
                    continue;
                }
                if (content.length() > room) {
                    text.append(content, 0, room);
                    truncated = true;
                } else {
                    text.append(content);
                }
            }
        }
        String rootType = contentType(root);
        if (text.toString().isBlank() && list.size() == 1 && rootType.startsWith("application/octet-stream")) {
            throw new Failure("unsupported-type", message("unsupported-type"));
        }
        if (text.toString().isBlank() && PACKAGES.stream().anyMatch(rootType::startsWith)) {
            throw new Failure("corrupt-file", message("corrupt-file"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("text", text.toString().replace("\u0000", ""));
        result.put("contentType", rootType);
        result.put("title", root.get(TikaCoreProperties.TITLE));
        result.put("author", root.get(TikaCoreProperties.CREATOR));
        result.put("created", root.get(TikaCoreProperties.CREATED));
        result.put("truncated", truncated || depthExceeded || containerError != null);
        result.put("embeddedLimitReached", "true".equals(root.get(RecursiveParserWrapperHandler.EMBEDDED_RESOURCE_LIMIT_REACHED)));
        result.put("documents", documents);
        return result;
    }

    private static final List<String> PACKAGES = List.of("application/zip", "application/x-tar", "application/gzip",
            "application/x-gzip", "application/x-7z-compressed", "application/x-bzip2", "application/x-xz");

    /**
     * Counts the characters all parsers of one file emit, before any write limit, and stops the parse when they
     * exceed {@code ratio} times the file's size (at least 1 M): a zip bomb is stopped by its expansion, not by
     * the text cap (which would only truncate it).
     */
    static final class ExpansionGuard extends org.apache.tika.sax.ContentHandlerDecorator {
        private static long budget;
        private static long emitted;
        private final long ratio;

        ExpansionGuard(org.xml.sax.ContentHandler handler, long ratio) {
            super(handler);
            this.ratio = ratio;
        }

        static void start(long inputBytes) {
            budget = Math.max(1_000_000L, inputBytes * Long.getLong("verbund.extract.maxCompressionRatio", 100));
            emitted = 0;
        }

        @Override
        public void characters(char[] ch, int start, int length) throws org.xml.sax.SAXException {
            emitted += length;
            if (emitted > budget) {
                throw new org.xml.sax.SAXException("suspected zip bomb: expansion ratio above " + ratio);
            }
            super.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws org.xml.sax.SAXException {
            characters(ch, start, length);
        }
    }

    private static String text(Metadata m) {
        String t = m.get(TikaCoreProperties.TIKA_CONTENT);
        return t == null ? "" : t.strip();
    }

    private static String contentType(Metadata m) {
        String type = m.get(Metadata.CONTENT_TYPE);
        return type == null ? "application/octet-stream" : type;
    }

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static String classify(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EncryptedDocumentException) {
                return "encrypted-document";
            }
            if (c instanceof OutOfMemoryError) {
                return "parser-out-of-memory";
            }
            String reason = classifyText(c.getClass().getName() + " " + c.getMessage());
            if (!reason.equals("corrupt-file")) {
                return reason;
            }
        }
        return "corrupt-file";
    }

    static String classifyText(String text) {
        String s = text.toLowerCase(Locale.ROOT);
        if (s.contains("encrypted") || s.contains("password")) {
            return "encrypted-document";
        }
        if (s.contains("zip bomb") || s.contains("zipbomb") || s.contains("securesaxexception")
                || s.contains("compression ratio") || s.contains("suspected")) {
            return "zip-bomb";
        }
        if (s.contains("entity") && (s.contains("expansion") || s.contains("limit") || s.contains("jaxp"))) {
            return "xml-entity-bomb";
        }
        if (s.contains("max depth") || s.contains("maximum depth") || s.contains("package entry depth")
                || s.contains("depth limit")) {
            return "nesting-too-deep";
        }
        return "corrupt-file";
    }

    static String message(String reason) {
        return switch (reason) {
            case "encrypted-document" -> "the document is encrypted or password-protected";
            case "zip-bomb" -> "the file expands far beyond its size (suspected zip bomb)";
            case "xml-entity-bomb" -> "the file contains an XML entity expansion attack";
            case "nesting-too-deep" -> "containers are nested deeper than allowed";
            case "parser-out-of-memory" -> "the file needs more memory to parse than allowed";
            case "unsupported-type" -> "the file type is not supported";
            default -> "the file is corrupt or cannot be parsed";
        };
    }

    /** A classified failure of one parse. */
    static final class Failure extends Exception {
        final String reason;

        Failure(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}
