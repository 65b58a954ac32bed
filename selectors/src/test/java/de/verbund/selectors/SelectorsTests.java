package de.verbund.selectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SelectorsTests {

    static String n(SelectorType type, String raw) {
        return Selectors.normalise(type, raw).map(Selector::value).orElse("<invalid>");
    }

    @Test
    void typeNamesInAnyCaseThenSameType() {
        assertThat(SelectorType.parse("IBAN")).contains(SelectorType.IBAN);
        assertThat(SelectorType.parse(" Email ")).contains(SelectorType.EMAIL);
        assertThat(SelectorType.parse("ibann")).isEmpty();
    }

    @Test
    void phoneNumbersWrittenDifferentlyThenSameE164() {
        assertThat(java.util.stream.Stream.of(n(SelectorType.PHONE, "+49 30 1234567"), n(SelectorType.PHONE, "030/1234567"),
                n(SelectorType.PHONE, "0049301234567"), n(SelectorType.PHONE, "+49 (0)30 123 45 67")).distinct())
                .containsExactly("+49301234567");
    }

    @Test
    void ipv6WrittenDifferentlyThenCanonical() {
        assertThat(n(SelectorType.IP, "2001:0DB8:0000:0000:0000:0000:0000:0001")).isEqualTo("2001:db8::1");
        assertThat(n(SelectorType.IP, "2001:db8::0:1")).isEqualTo("2001:db8::1");
        assertThat(n(SelectorType.IP, "[2001:db8::1]")).isEqualTo("2001:db8::1");
        assertThat(n(SelectorType.IP, "203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(n(SelectorType.IP, "256.1.1.1")).isEqualTo("<invalid>");
        assertThat(n(SelectorType.IP, "01.2.3.4")).isEqualTo("<invalid>");
    }

    @Test
    void ibanWithSpacesThenCompactAndChecksumChecked() {
        assertThat(n(SelectorType.IBAN, "DE89 3704 0044 0532 0130 00")).isEqualTo("DE89370400440532013000");
        assertThat(n(SelectorType.IBAN, "de89370400440532013000")).isEqualTo("DE89370400440532013000");
        assertThat(n(SelectorType.IBAN, "DE88 3704 0044 0532 0130 00")).isEqualTo("<invalid>");
    }

    @Test
    void emailInOtherCaseThenLowerCase() {
        assertThat(n(SelectorType.EMAIL, "Max.Mustermann@Example.ORG")).isEqualTo("max.mustermann@example.org");
        assertThat(n(SelectorType.EMAIL, "no-at-sign.example.org")).isEqualTo("<invalid>");
    }

    @Test
    void walletsThenChecksumsChecked() {
        assertThat(n(SelectorType.BTC, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")).isEqualTo("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2");
        assertThat(n(SelectorType.BTC, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3")).isEqualTo("<invalid>");
        assertThat(n(SelectorType.BTC, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")).isEqualTo("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy");
        assertThat(n(SelectorType.BTC, "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ")).isEqualTo("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
        assertThat(n(SelectorType.BTC, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx")).isEqualTo("<invalid>");
        assertThat(n(SelectorType.ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).isEqualTo("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
        assertThat(n(SelectorType.ETH, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")).isEqualTo("<invalid>");
    }

    @Test
    void urlsAndDomainsThenCanonical() {
        assertThat(n(SelectorType.URL, "HTTPS://Example.ORG:443/login?x=1")).isEqualTo("https://example.org/login?x=1");
        assertThat(n(SelectorType.URL, "hxxp://evil.example.com/a")).isEqualTo("http://evil.example.com/a");
        assertThat(n(SelectorType.DOMAIN, "Sparkasse-Login.DE")).isEqualTo("sparkasse-login.de");
        assertThat(n(SelectorType.DOMAIN, "bericht.txt")).isEqualTo("<invalid>");
        assertThat(n(SelectorType.DOMAIN, "münchen.de")).isEqualTo("xn--mnchen-3ya.de");
    }

    @Test
    void hashesAndHandles() {
        assertThat(n(SelectorType.SHA256, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(n(SelectorType.MD5, "abc")).isEqualTo("<invalid>");
        assertThat(n(SelectorType.HANDLE, "https://t.me/Darknet_Vendor")).isEqualTo("@darknet_vendor");
        assertThat(n(SelectorType.HANDLE, "@Darknet_Vendor")).isEqualTo("@darknet_vendor");
    }

    @Test
    void extractFromGermanReport() {
        String text = """
                Am 03.11.2026 meldete die Sparkasse (Tel.: 030/1234567) Abflüsse auf das Konto
                DE89 3704 0044 0532 0130 00. Die Täter nutzten https://sparkasse-login.example.com/anmeldung und
                die Adresse Kontakt@Phish-Mail.de, Zugriffe von 203.0.113.7 und 2001:db8::1.
                Lösegeld an bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq. Kontakt über Telegram @dark_seller99.
                Aktenzeichen 2 Js 1234/26, § 263a StGB, Version 1.2.3.4 des Trojaners, Datei bericht.pdf.
                """;
        Set<String> keys = Selectors.extract(text).stream().map(Selector::key).collect(java.util.stream.Collectors.toSet());
        assertThat(keys).contains("phone:+49301234567", "iban:DE89370400440532013000",
                "url:https://sparkasse-login.example.com/anmeldung", "domain:sparkasse-login.example.com",
                "email:kontakt@phish-mail.de", "ip:203.0.113.7", "ip:2001:db8::1",
                "btc:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "handle:@dark_seller99");
        assertThat(keys).doesNotContain("domain:bericht.pdf", "phone:+49202611", "ip:1.2.3.4");
    }

    /** The one-pass scans find exactly what the regular expressions they replaced found, on random text. */
    @Test
    void linearScansAgreeWithTheRegularExpressionsTheyReplaced() {
        Pattern hex = Pattern.compile("(?<![0-9a-fA-FxX])(?:[0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})(?![0-9a-fA-F])");
        Pattern btc = Pattern.compile("\\b(?:bc1[02-9ac-hj-np-z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})\\b");
        Pattern phone = Pattern.compile("(?<![\\w+/])(?:\\+|00)?\\(?\\d[\\d ()/.-]{5,20}\\d(?![\\w])");
        String alphabet = "0123456789012345678901234abcdefABCDEFxXgz _.-/()+äbc13";
        Random random = new Random(7);
        for (int round = 0; round < 3000; round++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(160);
            for (int i = 0; i < length; i++) {
                b.append(random.nextInt(8) == 0 ? ' ' : alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextBoolean()) {
                b.insert(random.nextInt(b.length() + 1), "a".repeat(random.nextInt(3)) + "5f".repeat(16 + random.nextInt(17)));
            }
            if (random.nextInt(4) == 0) {
                b.insert(random.nextInt(b.length() + 1), " bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ");
            }
            String text = b.toString();
            List<String> expectedHex = new ArrayList<>();
            Matcher m = hex.matcher(text);
            while (m.find()) {
                String h = m.group();
                if (h.chars().anyMatch(Character::isLetter) && h.chars().anyMatch(Character::isDigit)) {
                    expectedHex.add(h);
                }
            }
            assertThat(Selectors.hexRuns(text)).as(text).isEqualTo(expectedHex);
            List<String> expectedBtc = new ArrayList<>();
            m = btc.matcher(text);
            while (m.find()) {
                expectedBtc.add(m.group());
            }
            assertThat(Selectors.alphanumericRuns(text, 14, 74).stream().filter(c -> btc.matcher(c).matches()).toList())
                    .as(text).isEqualTo(expectedBtc);
            List<String> expectedPhones = new ArrayList<>();
            m = phone.matcher(text);
            while (m.find()) {
                if (m.group().replaceAll("[^0-9]", "").length() >= 6) {
                    expectedPhones.add(m.start() + ":" + m.group());
                }
            }
            List<String> phones = new ArrayList<>();
            m = phone.matcher(text).useTransparentBounds(true);
            for (int[] run : Selectors.phoneLikeRuns(text)) {
                m.region(run[0], run[1]);
                while (m.find()) {
                    if (m.group().replaceAll("[^0-9]", "").length() >= 6) {
                        phones.add(m.start() + ":" + m.group());
                    }
                }
            }
            assertThat(phones).as(text).isEqualTo(expectedPhones);
        }
    }

    /** The five misses reported in the selector-recall issue, in the notations the report used. */
    @Test
    void notationsOfARealRansomwareReportThenAllExtracted() {
        String report = """
                Die Täter forderten per Mail von kontakt@müller-immobilien.de die Zahlung. Die Geschädigte sollte die
                Nummer 0171/2345678 anrufen; Rückruf 0151 23456789. Weitere Nummern: 0160-1234567 und 01761234567.
                C2: 198.51.100[.]23 und hxxps://update-service[.]example[.]org/gate.php
                Server 203.0.113.99""";

        assertThat(Selectors.extract(report).stream().map(Selector::key)).contains(
                "email:kontakt@xn--mller-immobilien-jzb.de", "phone:+491712345678", "phone:+4915123456789",
                "phone:+491601234567", "phone:+491761234567", "ip:198.51.100.23",
                "url:https://update-service.example.org/gate.php", "domain:update-service.example.org",
                "ip:203.0.113.99");
    }

    @Test
    void defangedValuesAtTheCheckThenSameFormAsExtracted() {
        assertThat(n(SelectorType.IP, "198.51.100[.]23")).isEqualTo("198.51.100.23");
        assertThat(n(SelectorType.URL, "hxxps://update-service[.]example[.]org/gate.php"))
                .isEqualTo("https://update-service.example.org/gate.php");
        assertThat(n(SelectorType.EMAIL, "kontakt[at]müller-immobilien[dot]de")).isEqualTo("kontakt@xn--mller-immobilien-jzb.de");
        assertThat(n(SelectorType.DOMAIN, "evil(.)example(.)com")).isEqualTo("evil.example.com");
        assertThat(n(SelectorType.PHONE, "0171/2345678")).isEqualTo("+491712345678");
    }

    @Test
    void punctuationAndTheEndOfTheTextThenEndASelector() {
        assertThat(Selectors.extract("Server 203.0.113.99").stream().map(Selector::key)).containsExactly("ip:203.0.113.99");
        assertThat(Selectors.extract("Rückruf 0151 23456789.").stream().map(Selector::key))
                .containsExactly("phone:+4915123456789");
        assertThat(Selectors.extract("(IP: 203.0.113.99), danach").stream().map(Selector::key))
                .containsExactly("ip:203.0.113.99");
    }

    @Test
    void ordinaryParenthesesAndNumbersThenNotRefangedOrTakenForPhones() {
        assertThat(Selectors.extract("Schaden (ca. 2.500 EUR) am 12.03.2026, Az. 0815/2026, Bestellnummer 0301234567."))
                .isEmpty();
        assertThat(Refang.text("Die Täter (at least two) schrieben [siehe Anlage].")).isEqualTo(
                "Die Täter (at least two) schrieben [siehe Anlage].");
    }
}
