package de.verbund.ingest.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.springframework.stereotype.Component;
import org.xml.sax.SAXException;

/**
 * Extracts plain text with Tika's AutoDetectParser, in process, with an output limit. Embedded documents are
 * parsed recursively into the same text. The caller keeps ownership of the file.
 * <p>Isolation in a child process with time and memory limits is the ingest issue's step; until then the
 * output cap and the upload size limit are the only bounds.
 */
@Component
public class TextExtractor {

    private final Parser parser = new AutoDetectParser();
    private final int maxCharacters;

    public TextExtractor() {
        this(10_000_000);
    }

    public TextExtractor(int maxCharacters) {
        this.maxCharacters = maxCharacters;
    }

    public Extracted extract(Path file, String fileName) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        BodyContentHandler handler = new BodyContentHandler(maxCharacters);
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        boolean truncated = false;
        try (InputStream in = TikaInputStream.get(file, metadata)) {
            parser.parse(in, handler, metadata, context);
        } catch (EncryptedDocumentException e) {
            throw new ExtractionFailed("the document is encrypted", e);
        } catch (SAXException e) {
            if (WriteLimitReachedException.isWriteLimitReached(e)) {
                truncated = true;
            } else {
                throw new ExtractionFailed("the document could not be parsed", e);
            }
        } catch (TikaException | IOException | RuntimeException e) {
            throw new ExtractionFailed("the document could not be parsed", e);
        }
        String type = metadata.get(Metadata.CONTENT_TYPE);
        return new Extracted(handler.toString().strip(), type == null ? "application/octet-stream" : type, truncated);
    }
}
