package de.verbund.web.layout;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import de.verbund.problem.ProblemType;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every text of the pages exists in German and English, and every key a template names exists. */
class MessagesTests {

    static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessagesTests.class.getResourceAsStream("/i18n/" + name + ".properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void germanAndEnglishHaveTheSameKeysAndGermanIsTheDefault() throws IOException {
        Properties de = bundle("messages_de");
        Properties en = bundle("messages_en");
        assertThat(new TreeSet<>(en.stringPropertyNames())).isEqualTo(new TreeSet<>(de.stringPropertyNames()));
        assertThat(bundle("messages")).isEqualTo(de);
    }

    @Test
    void everyProblemTypeHasASentence() throws IOException {
        Properties de = bundle("messages_de");
        assertThat(Arrays.stream(ProblemType.values()).map(t -> "problem." + t.slug()))
                .allSatisfy(key -> assertThat(de.getProperty(key)).as(key).isNotBlank());
    }

    /** Literal keys such as {@code #{check.title}}; computed ones ({@code #{'state.' + …}}) are covered by their values. */
    @Test
    void everyKeyNamedInATemplateExists() throws IOException {
        Properties de = bundle("messages_de");
        Pattern literal = Pattern.compile("#\\{([A-Za-z][A-Za-z0-9_.-]*)[}(]");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                Matcher m = literal.matcher(Files.readString(file));
                while (m.find()) {
                    if (!de.containsKey(m.group(1))) {
                        missing.add(file.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
