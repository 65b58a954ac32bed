package de.verbund.ingest.submit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import de.verbund.ingest.extract.Extraction;

import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

/**
 * What the submitter should know about an accepted file. Evidence is accepted as it is (a malware sample is evidence
 * in a cybercrime case), but the answer and the stored report say when nothing could be searched in it or when it is
 * not what its name says.
 */
public enum ExtractionWarning {
    /** Nothing searchable came out: a scan without OCR result, a damaged document or a binary file. */
    NO_TEXT("No text was extracted: the report cannot be found by its content (scan without recognisable text, "
            + "damaged document or binary file)."),
    /** The file's name declares one type, its content is another (e.g. an executable named {@code .pdf}). */
    TYPE_MISMATCH("The content of the file does not match the type its name declares.");

    private static final MimeTypes TYPES = MimeTypes.getDefaultMimeTypes();
    private static final MediaTypeRegistry REGISTRY = TYPES.getMediaTypeRegistry();

    private final String detail;

    ExtractionWarning(String detail) {
        this.detail = detail;
    }

    /** e.g. {@code no-text}, as in the answer and the stored report. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String detail() {
        return detail;
    }

    /** The warnings for a file of this name with this extraction, in declaration order. */
    static List<ExtractionWarning> of(String fileName, Extraction extraction) {
        List<ExtractionWarning> warnings = new ArrayList<>(2);
        if (extraction.text().isBlank()) {
            warnings.add(NO_TEXT);
        }
        if (typeDiffers(fileName, extraction.contentType())) {
            warnings.add(TYPE_MISMATCH);
        }
        return List.copyOf(warnings);
    }

    /**
     * Whether the type the file name declares (by Tika's name globs) and the detected type are unrelated. A name
     * without a known extension declares nothing; a more or less specific type of the same kind (text/csv and
     * text/plain, a docx and a zip) is no mismatch.
     */
    static boolean typeDiffers(String fileName, String detectedContentType) {
        Metadata byName = new Metadata();
        byName.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        MediaType declared;
        try {
            declared = REGISTRY.normalize(TYPES.detect(null, byName));
        } catch (java.io.IOException e) {
            return false;
        }
        MediaType detected = MediaType.parse(detectedContentType);
        if (declared == null || detected == null || declared.equals(MediaType.OCTET_STREAM)) {
            return false;
        }
        detected = REGISTRY.normalize(detected.getBaseType());
        declared = declared.getBaseType();
        return !declared.equals(detected) && !REGISTRY.isInstanceOf(detected, declared)
                && !REGISTRY.isInstanceOf(declared, detected);
    }
}
