package de.verbund.selectors;

import java.math.BigInteger;
import java.net.IDN;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.util.encoders.Hex;

/**
 * Extraction and normalisation of selectors. {@link #normalise} is the single definition of the canonical form;
 * {@link #extract} finds candidates in free text and keeps only those that normalise, so that check digits,
 * checksums and public suffixes filter out false positives.
 */
public final class Selectors {

    /**
     * The version of extraction; raise it whenever {@link #extract} finds more or fewer selectors, so that
     * re-extraction of the stored reports ({@code reextract-selectors}) runs again.
     */
    public static final String VERSION = "2026-11-29.recall";

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String DEFAULT_REGION = "DE";
    /** File extensions that are also top-level domains; "bericht.zip" is a file, not a domain. */
    private static final Set<String> FILE_TLDS = Set.of("zip", "mov", "pdf", "doc", "txt", "exe", "csv", "xml", "json");

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\w.+-])[A-Za-z0-9._%+-]{1,64}@[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?"
                    + "(?:\\.[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?)+");
    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp|hxxps?)://[^\\s<>\"'()\\[\\]{}]{1,2000}");
    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])(?:\\d{1,3}\\.){3}\\d{1,3}(?![\\d.]*\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?i)(?<![0-9a-f:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![0-9a-f:])");
    private static final Pattern IBAN = Pattern.compile("(?i)\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\\b");
    private static final Pattern BTC = Pattern.compile(
            "\\b(?:bc1[02-9ac-hj-np-z]{11,71}|BC1[02-9AC-HJ-NP-Z]{11,71}|[13][1-9A-HJ-NP-Za-km-z]{25,34})\\b");
    private static final Pattern ETH = Pattern.compile("\\b0x[0-9a-fA-F]{40}\\b");
    private static final Pattern PHONE = Pattern.compile("(?<![\\w+/])(?:\\+|00)?\\(?\\d[\\d ()/.-]{5,20}\\d(?![\\w])");
    /** Words right before a number that say it is a phone number ("Tel.:", "Mobil", "Rückruf unter"). */
    private static final Set<String> PHONE_WORDS = Set.of("tel", "telefon", "telefonnummer", "fon", "mobil",
            "mobilnummer", "handy", "handynummer", "rufnummer", "festnetz", "phone", "whatsapp", "signal", "telegram",
            "sms", "fax", "nr", "nummer", "rückruf", "anruf", "anrufe", "angerufen", "erreichbar", "kontakt", "hotline",
            "durchwahl", "unter");
    /** Words right before a number that say it is another kind of number: file, order, account, ticket. */
    private static final Set<String> OTHER_NUMBER_WORDS = Set.of("az", "aktenzeichen", "kto", "blz", "plz", "order",
            "invoice", "lfd", "id", "kunden", "kundennummer", "kundennr", "kundenkonto", "fallnummer", "fallnr", "fallakte");
    private static final List<String> OTHER_NUMBER_PREFIXES = List.of("bestell", "auftrag", "rechnung", "vorgang",
            "ticket", "konto", "steuer", "tagebuch", "sendung", "transaktion");
    private static final Pattern VERSION_CUE = Pattern.compile("(?i)\\b(version|v|build|release|stand|ver|firmware|software|update|patch|os)\\.?\\s*$");
    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$");
    private static final Pattern DOMAIN_TOKEN = Pattern.compile(
            "(?iu)(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+(?:[a-z]{2,24}|xn--[a-z0-9-]{1,59})");
    // the expressions of the normalisation, compiled once (String.replaceAll and matches compile theirs on every call)
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[.,;:!?]+$");
    private static final Pattern NOT_PHONE_DIGIT = Pattern.compile("[^0-9+]");
    private static final Pattern IBAN_SEPARATORS = Pattern.compile("[\\s-]");
    private static final Pattern IBAN_FORM = Pattern.compile("[A-Z]{2}\\d{2}[A-Z0-9]{11,30}");
    private static final Pattern ETH_FORM = Pattern.compile("0[xX][0-9a-fA-F]{40}");
    private static final Pattern DEFANGED_SCHEME = Pattern.compile("(?i)^hxxp");
    private static final Pattern LOWER_HEX = Pattern.compile("[0-9a-f]+");
    private static final Pattern TELEGRAM_LINK = Pattern.compile("^(https?://)?(t\\.me|telegram\\.me)/");
    private static final Pattern HANDLE_FORM = Pattern.compile("@[a-z][a-z0-9_]{4,31}");
    private static final Pattern HANDLE = Pattern.compile("(?i)(?:t\\.me/|telegram\\.me/|(?<![\\w@.])@)([a-z][a-z0-9_]{4,31})\\b");

    private Selectors() {
    }

    /**
     * The canonical form of one selector value as typed by an analyst or found in a report.
     *
     * @return empty when the value is not a valid selector of that type
     */
    public static Optional<Selector> normalise(SelectorType type, String raw) {
        String v = Refang.text(raw.strip());
        if (v.isEmpty() || v.length() > 2048) {
            return Optional.empty();
        }
        return switch (type) {
            case IP -> ip(v);
            case EMAIL -> email(v);
            case PHONE -> phone(v);
            case IBAN -> iban(v);
            case BTC -> btc(v);
            case ETH -> eth(v);
            case DOMAIN -> domain(v);
            case URL -> url(v);
            case MD5 -> hex(v, 32, SelectorType.MD5);
            case SHA1 -> hex(v, 40, SelectorType.SHA1);
            case SHA256 -> hex(v, 64, SelectorType.SHA256);
            case HANDLE -> handle(v);
        };
    }

    /**
     * All valid selectors in a text, normalised and de-duplicated; defanged indicators ({@code 198.51.100[.]23},
     * {@code hxxps://…}) are found in their plain form.
     */
    public static SortedSet<Selector> extract(String original) {
        String text = Refang.text(original);
        SortedSet<Selector> found = new TreeSet<>();
        Set<String> emailDomains = new TreeSet<>();
        boolean at = text.indexOf('@') >= 0;
        Matcher m = EMAIL.matcher(text).useTransparentBounds(true);
        for (int[] window : windowsAround(text, "@", 65, 256)) {
            m.region(window[0], window[1]);
            while (m.find()) {
                email(m.group()).ifPresent(s -> {
                    found.add(s);
                    emailDomains.add(s.value().substring(s.value().indexOf('@') + 1));
                });
            }
        }
        Set<String> urlHosts = new TreeSet<>();
        m = URL.matcher(text.contains("://") ? text : "");
        while (m.find()) {
            String candidate = TRAILING_PUNCTUATION.matcher(m.group()).replaceAll("");
            url(candidate).ifPresent(s -> {
                found.add(s);
                String host = URI.create(s.value()).getHost();
                if (host != null) {
                    urlHosts.add(host);
                    domain(host).ifPresent(found::add);
                }
            });
        }
        // the expressions below only search runs of the characters they are made of (their look-arounds test the same
        // characters, so a search in the run with transparent bounds finds exactly what a search of the text finds)
        m = IPV4.matcher(text).useTransparentBounds(true);
        for (int[] run : runsWith(text, c -> isAsciiDigit(c) || c == '.', '.', 3)) {
            m.region(run[0], run[1]);
            while (m.find()) {
                String before = text.substring(Math.max(0, m.start() - 16), m.start());
                if (!VERSION_CUE.matcher(before).find()) {
                    ip(m.group()).ifPresent(found::add);
                }
            }
        }
        m = IPV6.matcher(text).useTransparentBounds(true);
        for (int[] run : runsWith(text, c -> isHex(c) || c == ':', ':', 2)) {
            m.region(run[0], run[1]);
            while (m.find()) {
                if (m.group().chars().filter(c -> c == ':').count() >= 2 && m.group().length() >= 3) {
                    ip(m.group()).ifPresent(found::add);
                }
            }
        }
        List<int[]> accountNumbers = new ArrayList<>();
        m = IBAN.matcher(text).useTransparentBounds(true);
        int ibanEnd = 0;
        for (int start : ibanStarts(text)) {
            if (start < ibanEnd) {
                continue;
            }
            m.region(start, Math.min(text.length(), start + 50));
            if (m.lookingAt()) {
                ibanEnd = m.end();
                accountNumbers.add(new int[] {m.start(), m.end()});
                iban(m.group()).ifPresent(found::add);
            }
        }
        for (String candidate : alphanumericRuns(text, 14, 74)) {
            if (BTC.matcher(candidate).matches()) {
                btc(candidate).ifPresent(found::add);
            }
        }
        m = ETH.matcher(text.contains("0x") ? text : "");
        while (m.find()) {
            eth(m.group()).ifPresent(found::add);
        }
        for (String h : hexRuns(text)) {
            SelectorType t = h.length() == 32 ? SelectorType.MD5 : h.length() == 40 ? SelectorType.SHA1 : SelectorType.SHA256;
            hex(h, h.length(), t).ifPresent(found::add);
        }
        m = PHONE.matcher(text).useTransparentBounds(true);
        for (int[] run : phoneLikeRuns(text)) {
            m.region(run[0], run[1]);
            while (m.find()) {
                String candidate = m.group();
                String before = text.substring(Math.max(0, m.start() - 30), m.start());
                int start = m.start();
                int end = m.end();
                // the digit groups of an IBAN are not a phone number
                boolean inAccountNumber = accountNumbers.stream().anyMatch(a -> start < a[1] && end > a[0]);
                if (!inAccountNumber && isPhoneCandidate(candidate, before)) {
                    phone(candidate).ifPresent(found::add);
                }
            }
        }
        // domains: only whitespace-separated tokens with an inner dot are candidates (cheaper than scanning all text)
        for (String token : dottedTokens(text)) {
            if (token.indexOf('@') >= 0 || token.contains("://")) {
                continue;
            }
            String t = EDGE_PUNCTUATION.matcher(token).replaceAll("");
            if (t.indexOf('.') > 0 && DOMAIN_TOKEN.matcher(t).matches()) {
                String d = t.toLowerCase(Locale.ROOT);
                if (!emailDomains.contains(d) || urlHosts.contains(d)) {
                    domain(d).ifPresent(found::add);
                }
            }
        }
        m = HANDLE.matcher(text).useTransparentBounds(true);
        List<int[]> handleWindows = new ArrayList<>(windowsAround(text, "@", 1, 34));
        handleWindows.addAll(windowsAround(text, "me/", 12, 34));
        for (int[] window : merge(handleWindows)) {
            m.region(window[0], window[1]);
            while (m.find()) {
                handle("@" + m.group(1)).ifPresent(found::add);
            }
        }
        return found;
    }

    /**
     * Whether a run of digits and phone punctuation is written as a phone number. International numbers
     * ({@code +49 …}, {@code 0049 …}) and numbers after a cue word ("Tel.:", "Rückruf unter") count; so do national
     * numbers written the way phone numbers are written in Germany: a mobile number ({@code 0171/2345678},
     * {@code 01761234567}), or a landline with its area code set apart ({@code 030/27654321}, {@code (089) 1234567},
     * {@code 0221-1234567}). Never after a word that names another kind of number (order, file, account, ticket),
     * and never with dots, the notation of dates and amounts. {@link #phone} then checks the number plan.
     */
    static boolean isPhoneCandidate(String candidate, String before) {
        String cue = cueWord(before);
        String tail = cue.substring(cue.lastIndexOf('-') + 1); // "WhatsApp-Kontakt" → "kontakt"
        if (OTHER_NUMBER_WORDS.contains(cue) || OTHER_NUMBER_WORDS.contains(tail)
                || OTHER_NUMBER_PREFIXES.stream().anyMatch(cue::startsWith)) {
            return false;
        }
        if (candidate.startsWith("+") || candidate.startsWith("00") || PHONE_WORDS.contains(cue)
                || PHONE_WORDS.contains(tail)) {
            return true;
        }
        String c = candidate.startsWith("(") ? candidate.substring(1) : candidate;
        if (c.startsWith("015") || c.startsWith("016") || c.startsWith("017")) {
            return true; // German mobile prefixes; the number plan check follows
        }
        int firstSeparator = -1;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (ch == '/' || ch == '-' || ch == ' ' || ch == ')') {
                firstSeparator = i;
                break;
            }
        }
        // an area code of 2 to 5 digits after the leading 0, then the separator
        return firstSeparator >= 3 && firstSeparator <= 6;
    }

    /**
     * The word right before a number, lower case, without the punctuation around it and without a trailing
     * "-Nr." ({@code "Tel.-Nr.: "} → {@code tel}, {@code "Rückruf unter "} → {@code unter},
     * {@code "Ticket-ID "} → {@code ticket-id}); empty when none.
     */
    static String cueWord(String before) {
        int end = before.length();
        while (end > 0 && (Character.isWhitespace(before.charAt(end - 1)) || before.charAt(end - 1) == ':'
                || before.charAt(end - 1) == '.')) {
            end--;
        }
        int start = end;
        while (start > 0 && (Character.isLetter(before.charAt(start - 1)) || before.charAt(start - 1) == '-'
                || before.charAt(start - 1) == '.')) {
            start--;
        }
        String word = before.substring(start, end).toLowerCase(Locale.ROOT);
        if (word.endsWith("-nr") || word.endsWith(".-nr")) {
            word = word.substring(0, word.lastIndexOf("-nr"));
        }
        while (word.endsWith(".") || word.endsWith("-")) {
            word = word.substring(0, word.length() - 1);
        }
        return word.startsWith("-") ? word.substring(1) : word;
    }

    /*
     * Linear pre-checks: the regular expressions below have no literal prefix, so the engine tries them at every
     * position of the text; on report-sized German text that was the largest CPU cost of a submission. Each check is
     * necessary for its pattern to match, so skipping a pattern when it fails changes no result.
     */

    /** Where two letters and two digits begin after a non-word character: where an IBAN can begin. */
    static List<Integer> ibanStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 < text.length(); i++) {
            if (isAsciiLetter(text.charAt(i)) && isAsciiLetter(text.charAt(i + 1)) && isAsciiDigit(text.charAt(i + 2))
                    && isAsciiDigit(text.charAt(i + 3)) && (i == 0 || !isWordChar(text.charAt(i - 1)))) {
                starts.add(i);
            }
        }
        return starts;
    }

    /** [start, end) windows reaching {@code before} characters before and {@code after} after each occurrence, merged. */
    static List<int[]> windowsAround(String text, String needle, int before, int after) {
        List<int[]> windows = new ArrayList<>();
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            windows.add(new int[] {Math.max(0, i - before), Math.min(text.length(), i + needle.length() + after)});
        }
        return merge(windows);
    }

    /** Overlapping or touching windows joined, in text order. */
    static List<int[]> merge(List<int[]> windows) {
        List<int[]> sorted = new ArrayList<>(windows);
        sorted.sort(java.util.Comparator.comparingInt(w -> w[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] w : sorted) {
            if (!merged.isEmpty() && w[0] <= merged.getLast()[1]) {
                merged.getLast()[1] = Math.max(merged.getLast()[1], w[1]);
            } else {
                merged.add(new int[] {w[0], w[1]});
            }
        }
        return merged;
    }

    /** Maximal runs of {@code member} characters holding at least {@code count} of {@code mark}. */
    private static List<int[]> runsWith(String text, CharPredicate member, char mark, int count) {
        return maximalRuns(text, member, (start, end) -> {
            int marks = 0;
            for (int i = start; i < end && marks < count; i++) {
                if (text.charAt(i) == mark) {
                    marks++;
                }
            }
            return marks >= count;
        });
    }

    /**
     * Maximal runs of ASCII letters and digits between non-word characters, of {@code min} to {@code max} characters:
     * the only places a Bitcoin address (legacy or Bech32) can stand.
     */
    static List<String> alphanumericRuns(String text, int min, int max) {
        List<String> runs = new ArrayList<>();
        for (int[] run : maximalRuns(text, Selectors::isAsciiAlphanumeric,
                (start, end) -> end - start >= min && end - start <= max)) {
            int start = run[0];
            int end = run[1];
            boolean bounded = (start == 0 || !isWordChar(text.charAt(start - 1)))
                    && (end == text.length() || !isWordChar(text.charAt(end)));
            if (bounded) {
                runs.add(text.substring(start, end));
            }
        }
        return runs;
    }

    /**
     * The [start, end) of each maximal run of digits and phone punctuation ({@code +()/.-} and spaces) holding at
     * least six digits: a phone match lies inside such a run, and a valid number has at least six digits, so the
     * phone expression only needs to search inside them.
     */
    static List<int[]> phoneLikeRuns(String text) {
        return maximalRuns(text, c -> isAsciiDigit(c) || c == ' ' || c == '(' || c == ')' || c == '/' || c == '.'
                || c == '-' || c == '+', (start, end) -> {
                    int digits = 0;
                    for (int i = start; i < end && digits < 6; i++) {
                        if (isAsciiDigit(text.charAt(i))) {
                            digits++;
                        }
                    }
                    return digits >= 6;
                });
    }

    /** The tokens between whitespace that hold a dot (where a domain can stand), without a regular expression. */
    static List<String> dottedTokens(String text) {
        return maximalRuns(text, c -> !Character.isWhitespace(c), (start, end) -> {
            int dot = text.indexOf('.', start);
            return dot >= 0 && dot < end;
        }).stream().map(run -> text.substring(run[0], run[1])).toList();
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return isAsciiDigit(c) || isAsciiUpper(c) || (c >= 'a' && c <= 'z');
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /**
     * Maximal runs of exactly 32, 40 or 64 hex digits, not preceded by {@code x}/{@code X} (an {@code 0x…} value is
     * an Ethereum address, not a hash), holding both letters and digits (otherwise more likely a number); the same
     * result as the former expression, in one pass.
     */
    static List<String> hexRuns(String text) {
        List<String> runs = new ArrayList<>();
        for (int[] run : maximalRuns(text, Selectors::isHex, (start, end) -> end - start == 32 || end - start == 40
                || end - start == 64)) {
            int length = run[1] - run[0];
            char before = run[0] > 0 ? text.charAt(run[0] - 1) : ' ';
            if ((length == 32 || length == 40 || length == 64) && before != 'x' && before != 'X') {
                String h = text.substring(run[0], run[1]);
                if (h.chars().anyMatch(c -> isAsciiDigit((char) c)) && h.chars().anyMatch(c -> !isAsciiDigit((char) c))) {
                    runs.add(h);
                }
            }
        }
        return runs;
    }

    /**
     * [start, end) of each maximal run of characters that {@code member} accepts and that {@code keep} accepts as a
     * whole, in one pass. Most runs of report text are ordinary words that no selector can be; judging a run as it
     * ends keeps the list (and the allocation) to the few candidates.
     */
    private static List<int[]> maximalRuns(String text, CharPredicate member, RunPredicate keep) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean in = i < text.length() && member.test(text.charAt(i));
            if (in && start < 0) {
                start = i;
            } else if (!in && start >= 0) {
                if (keep.test(start, i)) {
                    runs.add(new int[] {start, i});
                }
                start = -1;
            }
        }
        return runs;
    }

    private interface CharPredicate {
        boolean test(char c);
    }

    private interface RunPredicate {
        boolean test(int start, int end);
    }

    private static boolean isHex(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLetter(char c) {
        return isAsciiUpper(c) || (c >= 'a' && c <= 'z');
    }

    static Optional<Selector> ip(String v) {
        String s = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
        if (!InetAddresses.isInetAddress(s)) {
            return Optional.empty();
        }
        if (s.contains(".") && !s.contains(":")) {
            for (String part : s.split("\\.")) {
                if (part.length() > 1 && part.startsWith("0")) {
                    return Optional.empty(); // leading zeros: ambiguous (octal), and usually version numbers
                }
            }
        }
        return Optional.of(new Selector(SelectorType.IP, InetAddresses.toAddrString(InetAddresses.forString(s))));
    }

    static Optional<Selector> email(String v) {
        int at = v.lastIndexOf('@');
        if (at < 1 || at != v.indexOf('@')) {
            return Optional.empty();
        }
        String local = v.substring(0, at);
        Optional<Selector> host = domain(v.substring(at + 1));
        if (host.isEmpty() || local.length() > 64 || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(new Selector(SelectorType.EMAIL, local.toLowerCase(Locale.ROOT) + "@" + host.get().value()));
    }

    static Optional<Selector> phone(String v) {
        String digits = NOT_PHONE_DIGIT.matcher(v).replaceAll("");
        if (digits.length() < 6 || digits.length() > 17) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(v.replace("(0)", ""), DEFAULT_REGION);
            if (!PHONES.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(new Selector(SelectorType.PHONE, PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164)));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    static Optional<Selector> iban(String v) {
        String s = IBAN_SEPARATORS.matcher(v).replaceAll("").toUpperCase(Locale.ROOT);
        if (!IBAN_FORM.matcher(s).matches()) {
            return Optional.empty();
        }
        String rearranged = s.substring(4) + s.substring(0, 4);
        StringBuilder numeric = new StringBuilder();
        for (char c : rearranged.toCharArray()) {
            numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        if (new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() != 1) {
            return Optional.empty();
        }
        if (s.startsWith("DE") && s.length() != 22) {
            return Optional.empty();
        }
        return Optional.of(new Selector(SelectorType.IBAN, s));
    }

    static Optional<Selector> btc(String v) {
        if (v.toLowerCase(Locale.ROOT).startsWith("bc1")) {
            return Bech32.valid(v) ? Optional.of(new Selector(SelectorType.BTC, v.toLowerCase(Locale.ROOT))) : Optional.empty();
        }
        return Base58.checkValid(v) ? Optional.of(new Selector(SelectorType.BTC, v)) : Optional.empty();
    }

    static Optional<Selector> eth(String v) {
        if (!ETH_FORM.matcher(v).matches()) {
            return Optional.empty();
        }
        String hex = v.substring(2);
        boolean mixed = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        if (mixed && !eip55Valid(hex)) {
            return Optional.empty();
        }
        return Optional.of(new Selector(SelectorType.ETH, "0x" + hex.toLowerCase(Locale.ROOT)));
    }

    /** EIP-55: a mixed-case address must carry the Keccak-256 checksum in its capitalisation. */
    private static boolean eip55Valid(String hex) {
        String lower = hex.toLowerCase(Locale.ROOT);
        KeccakDigest keccak = new KeccakDigest(256);
        byte[] in = lower.getBytes(StandardCharsets.US_ASCII);
        keccak.update(in, 0, in.length);
        byte[] hash = new byte[32];
        keccak.doFinal(hash, 0);
        String hashHex = Hex.toHexString(hash);
        for (int i = 0; i < 40; i++) {
            char c = hex.charAt(i);
            if (Character.isLetter(c)) {
                boolean upper = Character.digit(hashHex.charAt(i), 16) >= 8;
                if (upper != Character.isUpperCase(c)) {
                    return false;
                }
            }
        }
        return true;
    }

    static Optional<Selector> domain(String v) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.endsWith(".")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith(".onion")) {
            return OnionAddress.valid(s) ? Optional.of(new Selector(SelectorType.DOMAIN, s)) : Optional.empty();
        }
        try {
            String ascii = IDN.toASCII(s, IDN.USE_STD3_ASCII_RULES);
            if (!InternetDomainName.isValid(ascii)) {
                return Optional.empty();
            }
            InternetDomainName name = InternetDomainName.from(ascii);
            if (!name.isUnderPublicSuffix() || !name.hasPublicSuffix()) {
                return Optional.empty();
            }
            String tld = ascii.substring(ascii.lastIndexOf('.') + 1);
            if (FILE_TLDS.contains(tld)) {
                return Optional.empty();
            }
            return Optional.of(new Selector(SelectorType.DOMAIN, ascii));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<Selector> url(String v) {
        String s = DEFANGED_SCHEME.matcher(v).replaceFirst("http");
        try {
            URI uri = new URI(s).normalize();
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!Set.of("http", "https", "ftp").contains(scheme) || uri.getHost() == null) {
                return Optional.empty();
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            Optional<Selector> hostOk = ip(host).or(() -> domain(host));
            if (hostOk.isEmpty()) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (port == 80 && scheme.equals("http")) || (port == 443 && scheme.equals("https"));
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            String canonical = scheme + "://" + hostOk.get().value() + (defaultPort ? "" : ":" + port) + path + query;
            return Optional.of(new Selector(SelectorType.URL, canonical));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    static Optional<Selector> hex(String v, int length, SelectorType type) {
        String s = v.toLowerCase(Locale.ROOT);
        if (s.length() != length || !LOWER_HEX.matcher(s).matches() || s.chars().distinct().count() < 4) {
            return Optional.empty();
        }
        return Optional.of(new Selector(type, s));
    }

    static Optional<Selector> handle(String v) {
        String s = TELEGRAM_LINK.matcher(v.toLowerCase(Locale.ROOT)).replaceFirst("@");
        if (!s.startsWith("@")) {
            s = "@" + s;
        }
        if (!HANDLE_FORM.matcher(s).matches()) {
            return Optional.empty();
        }
        return Optional.of(new Selector(SelectorType.HANDLE, s));
    }
}
