package de.verbund.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Reproducible synthetic German reports (same seed, same corpus). */
final class Corpus {

    private static final String[] SUBJECTS = {"Die Ermittlungen", "Der Hinweisgeber", "Die Tätergruppe", "Das LKA",
            "Die Staatsanwaltschaft", "Der Beschuldigte", "Die Auswertung", "Die Bank", "Der Provider", "Die Zeugin"};
    private static final String[] VERBS = {"ergaben", "meldete", "bestätigte", "übermittelte", "prüfte", "sicherte",
            "verschleierte", "beobachtete", "dokumentierte", "beantragte"};
    private static final String[] OBJECTS = {"verdächtige Überweisungen an ausländische Konten",
            "eine Phishing-Welle gegen Sparkassenkunden", "Zugriffe auf kompromittierte Server",
            "Chatverläufe in einem Messenger-Dienst", "Zahlungen in Kryptowährung", "Flugblätter mit volksverhetzendem Inhalt",
            "den Erwerb von Ransomware im Darknet", "eine Versammlung vor dem Rathaus", "Daten eines Botnetzes",
            "mehrere Anrufe von wechselnden Rufnummern"};
    private static final String[] PLACES = {"in München", "in Düsseldorf", "in der Hauptstraße", "am Bahnhof",
            "im Landkreis", "in Berlin-Mitte", "an der Grenze", "in einem Rechenzentrum"};

    private Corpus() {
    }

    /** About {@code bytes} of German text; contains {@code tag} once. */
    static String text(Random random, int bytes, String tag) {
        StringBuilder b = new StringBuilder("Bericht ").append(tag).append(". ");
        while (b.length() < bytes) {
            b.append(SUBJECTS[random.nextInt(SUBJECTS.length)]).append(' ')
                    .append(VERBS[random.nextInt(VERBS.length)]).append(' ')
                    .append(OBJECTS[random.nextInt(OBJECTS.length)]).append(' ')
                    .append(PLACES[random.nextInt(PLACES.length)]).append(" am ")
                    .append(1 + random.nextInt(28)).append('.').append(1 + random.nextInt(12)).append(".2026. ");
        }
        return b.toString();
    }

    static List<String> texts(long seed, int count, int bytes, String tag) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            texts.add(text(random, bytes, tag + " nr" + i));
        }
        return texts;
    }

    static byte[] pdf(String text) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 9);
                content.setLeading(11);
                content.newLineAtOffset(40, 750);
                String ascii = text.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae")
                        .replace("Ö", "Oe").replace("Ü", "Ue").replace("ß", "ss");
                for (int i = 0; i < ascii.length(); i += 110) {
                    content.showText(ascii.substring(i, Math.min(ascii.length(), i + 110)));
                    content.newLine();
                }
                content.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
