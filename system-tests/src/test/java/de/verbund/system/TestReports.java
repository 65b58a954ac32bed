package de.verbund.system;

import de.verbund.client.VerbundClient;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Fixture factory for submission labels and unique report texts. */
public final class TestReports {

    private TestReports() {
    }

    /** A word that occurs in no other test's report, so tests can share one index. */
    public static String uniqueWord() {
        StringBuilder b = new StringBuilder("zq");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 10; i++) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    /** Open, releasable to all, FULL disclosure, CYBER. Override with {@link #with}. */
    public static Map<String, Object> labels() {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("caseReference", "BKA-SO41-" + uniqueWord());
        labels.put("title", "Phishing-Kampagne " + uniqueWord());
        labels.put("phenomenonArea", "CYBER");
        labels.put("classification", "VS-NFD");
        labels.put("releasableTo", List.of("ALL"));
        labels.put("handlingCode", "H0");
        labels.put("disclosure", "FULL");
        labels.put("collection", "OPEN");
        labels.put("reviewBy", LocalDate.now().plusYears(2).toString());
        return labels;
    }

    public static Map<String, Object> with(Map<String, Object> labels, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(labels);
        copy.put(key, value);
        return copy;
    }

    public static Map<String, Object> without(Map<String, Object> labels, String key) {
        Map<String, Object> copy = new LinkedHashMap<>(labels);
        copy.remove(key);
        return copy;
    }

    public static String json(Map<String, Object> labels) {
        return VerbundClient.JSON.writeValueAsString(labels);
    }
}
