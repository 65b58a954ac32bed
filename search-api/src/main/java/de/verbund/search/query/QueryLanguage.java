package de.verbund.search.query;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.HandlingCode;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.policy.ReportFields;
import de.verbund.problem.FreeText;
import de.verbund.selectors.Selector;
import de.verbund.selectors.SelectorType;
import de.verbund.selectors.Selectors;
import org.jspecify.annotations.Nullable;

/**
 * The hub's own small query language; callers never send Elasticsearch syntax. Grammar:
 * <pre>
 *   query  := or
 *   or     := and ("OR" and)*
 *   and    := not (["AND"] not)*           adjacent terms are ANDed
 *   not    := "NOT" not | "-" atom | atom
 *   atom   := "(" or ")" | "phrase" | field ":" value | word
 *   field  := originator | area | classification | handling | language | date | selector | title | name
 * </pre>
 * Examples: {@code Phishing AND "Sparkasse Nürnberg" NOT Test}, {@code originator:LKA-BY area:CYBER},
 * {@code date:2026-01-01..2026-03-31}, {@code date:2026-02}, {@code selector:ip:203.0.113.7},
 * {@code name:"Mohammed Al-Hassan"}.
 * Words and phrases also match the parts of German compounds ("Betrug" finds "Anlagebetrug"), ranked below the
 * word as written; {@code name:} matches the spellings of a name (Meier, Meyer, Maier; Jurij, Yuri), ranked below
 * the name as written (docs/adr/0013).
 * Field values are checked against the known labels and normalised like at ingest. Every error is an
 * {@link InvalidQuery} naming the position.
 */
public final class QueryLanguage {

    static final int MAX_LENGTH = 1000;
    static final int MAX_CLAUSES = 64;
    static final int MAX_DEPTH = 8;

    private final List<Token> tokens;
    private int pos;
    private int clauses;

    private QueryLanguage(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Query parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidQuery("the query is empty");
        }
        if (text.length() > MAX_LENGTH) {
            throw new InvalidQuery("the query is longer than " + MAX_LENGTH + " characters");
        }
        if (!FreeText.isCleanMultiline(text)) {
            throw new InvalidQuery("the query contains control characters");
        }
        QueryLanguage parser = new QueryLanguage(tokenize(text));
        Query query = parser.or(0);
        if (parser.pos < parser.tokens.size()) {
            throw new InvalidQuery("unexpected '" + parser.tokens.get(parser.pos).text + "' at position "
                    + parser.tokens.get(parser.pos).at);
        }
        return query;
    }

    private Query or(int depth) {
        List<Query> parts = new ArrayList<>();
        parts.add(and(depth));
        while (peek("OR")) {
            pos++;
            parts.add(and(depth));
        }
        return parts.size() == 1 ? parts.get(0)
                : Query.of(q -> q.bool(b -> b.should(parts).minimumShouldMatch("1")));
    }

    private Query and(int depth) {
        List<Query> must = new ArrayList<>();
        List<Query> mustNot = new ArrayList<>();
        do {
            if (peek("AND")) {
                pos++;
            }
            if (peek("NOT") || peekKind(Kind.MINUS)) {
                pos++;
                mustNot.add(atom(depth));
            } else {
                must.add(atom(depth));
            }
        } while (pos < tokens.size() && !peek("OR") && !peekKind(Kind.CLOSE));
        if (must.size() == 1 && mustNot.isEmpty()) {
            return must.get(0);
        }
        if (must.isEmpty()) {
            must.add(Query.of(q -> q.matchAll(m -> m)));
        }
        return Query.of(q -> q.bool(b -> b.must(must).mustNot(mustNot)));
    }

    private Query atom(int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidQuery("the query is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (++clauses > MAX_CLAUSES) {
            throw new InvalidQuery("the query has more than " + MAX_CLAUSES + " terms");
        }
        if (pos >= tokens.size()) {
            throw new InvalidQuery("the query ends where a term was expected");
        }
        Token t = tokens.get(pos++);
        return switch (t.kind) {
            case OPEN -> {
                Query inner = or(depth + 1);
                if (!peekKind(Kind.CLOSE)) {
                    throw new InvalidQuery("missing ')' for '(' at position " + t.at);
                }
                pos++;
                yield inner;
            }
            case PHRASE -> text(t.text, TextQueryType.Phrase, WORD_FIELDS);
            case FIELD -> field(t);
            case WORD -> {
                if (t.text.equals("AND") || t.text.equals("OR") || t.text.equals("NOT")) {
                    throw new InvalidQuery("'" + t.text + "' at position " + t.at + " needs a term");
                }
                yield text(t.text, TextQueryType.BestFields, WORD_FIELDS);
            }
            case CLOSE, MINUS -> throw new InvalidQuery("unexpected '" + t.text + "' at position " + t.at);
        };
    }

    /**
     * Where words and phrases are looked for: the words as written first, the parts of compounds at a lower weight,
     * so that a report saying "Betrug" ranks above one saying only "Anlagebetrug".
     */
    static final String[] WORD_FIELDS = {ReportFields.TITLE + "^2", ReportFields.TEXT, ReportFields.TITLE_PARTS + "^1",
            ReportFields.TEXT_PARTS + "^0.5"};

    static final int MAX_NAME_LENGTH = 100;

    private static Query text(String words, TextQueryType type, String... fields) {
        return Query.of(q -> q.multiMatch(m -> m.query(words).fields(List.of(fields)).type(type).operator(Operator.And)));
    }

    /**
     * A person's name in any common spelling: the name codes of its words in this order (up to two words between or
     * swapped: "Müller, Jürgen"), and the spelling as written counts extra so that it ranks first.
     */
    private static Query name(String value) {
        if (value.length() > MAX_NAME_LENGTH || value.codePoints().noneMatch(Character::isLetter)) {
            throw new InvalidQuery("name: takes a name of up to " + MAX_NAME_LENGTH + " characters, e.g. name:\"Jürgen Müller\"");
        }
        Query variants = Query.of(q -> q.multiMatch(m -> m.query(value).type(TextQueryType.Phrase).slop(2)
                .fields(List.of(ReportFields.TITLE_NAMES, ReportFields.TEXT_NAMES))));
        Query written = Query.of(q -> q.multiMatch(m -> m.query(value).type(TextQueryType.Phrase).slop(2)
                .fields(List.of(ReportFields.TITLE + "^2", ReportFields.TEXT)).boost(2f)));
        return Query.of(q -> q.bool(b -> b.must(variants).should(written)));
    }

    private Query field(Token t) {
        String name = t.field.toLowerCase(Locale.ROOT);
        String value = t.text;
        return switch (name) {
            case "originator" -> {
                if (!Authority.POLICE.contains(value)) {
                    throw new InvalidQuery("unknown authority '" + shorten(value) + "' in originator:");
                }
                yield term(ReportFields.ORIGINATOR, value);
            }
            case "area", "phenomenonarea" -> term(ReportFields.PHENOMENON_AREA, PhenomenonArea.parse(value.toUpperCase(Locale.ROOT))
                    .orElseThrow(() -> new InvalidQuery("unknown phenomenon area '" + shorten(value) + "'")).name());
            case "classification" -> term(ReportFields.CLASSIFICATION, Classification.parse(value.toUpperCase(Locale.ROOT))
                    .orElseThrow(() -> new InvalidQuery("unknown classification '" + shorten(value) + "'")).label());
            case "handling", "handlingcode" -> term(ReportFields.HANDLING_CODE, HandlingCode.parse(value.toUpperCase(Locale.ROOT))
                    .orElseThrow(() -> new InvalidQuery("unknown handling code '" + shorten(value) + "'")).name());
            case "language" -> {
                if (!value.matches("[a-z]{2,3}")) {
                    throw new InvalidQuery("language: takes a two-letter code");
                }
                yield term(ReportFields.LANGUAGE, value);
            }
            case "title" -> text(value, TextQueryType.Phrase, ReportFields.TITLE, ReportFields.TITLE_PARTS + "^0.5");
            case "name" -> name(value);
            case "date" -> date(value);
            case "selector" -> selector(value);
            default -> throw new InvalidQuery("unknown field '" + shorten(t.field) + "'; known: originator, area, "
                    + "classification, handling, language, title, date, selector, name");
        };
    }

    private static Query date(String value) {
        String from;
        String to;
        try {
            if (value.contains("..")) {
                String[] parts = value.split("\\.\\.", -1);
                from = parts[0].isEmpty() ? null : LocalDate.parse(parts[0]).toString();
                to = parts.length < 2 || parts[1].isEmpty() ? null : LocalDate.parse(parts[1]).toString();
            } else if (value.length() == 7) {
                YearMonth month = YearMonth.parse(value);
                from = month.atDay(1).toString();
                to = month.atEndOfMonth().toString();
            } else {
                from = LocalDate.parse(value).toString();
                to = from;
            }
        } catch (DateTimeParseException e) {
            throw new InvalidQuery("date: takes YYYY-MM-DD, YYYY-MM or FROM..TO");
        }
        // java.time reads years up to ±999999999, Elasticsearch's date fields only four digits
        if (outOfRange(from) || outOfRange(to)) {
            throw new InvalidQuery("date: the year must lie between 0001 and 9999");
        }
        String f = from;
        String t = to;
        return Query.of(q -> q.range(r -> r.date(d -> {
            d.field(ReportFields.SUBMITTED_AT);
            if (f != null) {
                d.gte(f);
            }
            if (t != null) {
                d.lte(t + "T23:59:59.999Z");
            }
            return d;
        })));
    }

    private static boolean outOfRange(@Nullable String isoDate) {
        if (isoDate == null) {
            return false;
        }
        int year = LocalDate.parse(isoDate).getYear();
        return year < 1 || year > 9999;
    }

    private static Query selector(String value) {
        int colon = value.indexOf(':');
        if (colon < 1) {
            throw new InvalidQuery("selector: takes type:value, e.g. selector:ip:203.0.113.7");
        }
        SelectorType type = SelectorType.parse(value.substring(0, colon).toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidQuery("unknown selector type '" + shorten(value.substring(0, colon)) + "'"));
        Selector selector = Selectors.normalise(type, value.substring(colon + 1))
                .orElseThrow(() -> new InvalidQuery("not a valid " + type.wireName() + " selector; a value with spaces "
                        + "must be quoted, e.g. selector:phone:\"+49 89 1234567\""));
        return term(ReportFields.SELECTORS, selector.key());
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(t -> t.field(field).value(value)));
    }

    private static String shorten(String s) {
        return s.length() > 30 ? s.substring(0, 30) + "…" : s;
    }

    private boolean peek(String word) {
        return pos < tokens.size() && tokens.get(pos).kind == Kind.WORD && tokens.get(pos).text.equals(word);
    }

    private boolean peekKind(Kind kind) {
        return pos < tokens.size() && tokens.get(pos).kind == kind;
    }

    enum Kind { WORD, PHRASE, FIELD, OPEN, CLOSE, MINUS }

    record Token(Kind kind, String text, String field, int at) {}

    static final Map<Character, Kind> SINGLE = Map.of('(', Kind.OPEN, ')', Kind.CLOSE);

    static List<Token> tokenize(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (SINGLE.containsKey(c)) {
                out.add(new Token(SINGLE.get(c), String.valueOf(c), "", i));
                i++;
            } else if (c == '-' && (out.isEmpty() || i == 0 || Character.isWhitespace(s.charAt(i - 1)) || s.charAt(i - 1) == '(')
                    && i + 1 < s.length() && !Character.isWhitespace(s.charAt(i + 1))) {
                out.add(new Token(Kind.MINUS, "-", "", i));
                i++;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw new InvalidQuery("unclosed quote at position " + i);
                }
                String phrase = s.substring(i + 1, end).strip();
                if (phrase.isEmpty()) {
                    throw new InvalidQuery("empty phrase at position " + i);
                }
                out.add(new Token(Kind.PHRASE, phrase, "", i));
                i = end + 1;
            } else {
                int start = i;
                while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && !SINGLE.containsKey(s.charAt(i)) && s.charAt(i) != '"') {
                    i++;
                }
                String word = s.substring(start, i);
                int colon = word.indexOf(':');
                if (colon > 0 && word.substring(0, colon).matches("[A-Za-z]+")) {
                    String field = word.substring(0, colon);
                    String value = word.substring(colon + 1);
                    if (value.isEmpty() && i < s.length() && s.charAt(i) == '"') {
                        int end = s.indexOf('"', i + 1);
                        if (end < 0) {
                            throw new InvalidQuery("unclosed quote at position " + i);
                        }
                        value = s.substring(i + 1, end);
                        i = end + 1;
                    } else if (value.endsWith(":") && i < s.length() && s.charAt(i) == '"') {
                        int end = s.indexOf('"', i + 1);
                        if (end < 0) {
                            throw new InvalidQuery("unclosed quote at position " + i);
                        }
                        value = value + s.substring(i + 1, end);
                        i = end + 1;
                    }
                    if (value.isEmpty()) {
                        throw new InvalidQuery("field '" + shorten(field) + ":' at position " + start + " needs a value");
                    }
                    out.add(new Token(Kind.FIELD, value, field, start));
                } else {
                    out.add(new Token(Kind.WORD, word, "", start));
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidQuery("the query is empty");
        }
        return out;
    }
}
