package de.verbund.web.report;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.verbund.access.label.Labels;
import de.verbund.access.subject.Subject;
import de.verbund.audit.Purpose;
import de.verbund.search.query.SearchResult;
import de.verbund.search.read.ReportNotFound;
import de.verbund.search.read.ReportReads;
import de.verbund.web.layout.VisibleText;
import de.verbund.web.purpose.SessionPurpose;
import de.verbund.web.security.WebSubjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The report page and the download of the original, both through {@link ReportReads} — the one gate that checks the
 * need-to-know rule against the stored labels and writes the audit record (READ, DOWNLOAD, RELATED) — exactly as the
 * JSON API. A report the analyst may not read answers the same "not found" page as an id that never existed.
 */
@Controller
class ReportPageController {

    /** More text than this is not put into one page; the original holds it all. */
    static final int MAX_SHOWN = 200_000;
    static final int MAX_MARKS = 500;

    private final ReportReads reads;
    private final WebSubjects subjects;

    ReportPageController(ReportReads reads, WebSubjects subjects) {
        this.reads = reads;
        this.subjects = subjects;
    }

    /** One piece of the text: plain, or a search word with its running number (for next/previous links). */
    public record Part(String text, int mark) {
        boolean marked() {
            return mark > 0;
        }
    }

    /** A selector as a link to a search for it. */
    public record SelectorView(String key, String query) {}

    public record RelatedView(String id, String title, String originator) {}

    @GetMapping("/ui/berichte/{id}")
    String report(@PathVariable String id, @RequestParam(name = "q", required = false) @Nullable String query,
                  Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model)
            throws IOException {
        Subject subject = subjects.of(authentication, request, response);
        Optional<Purpose> purpose = SessionPurpose.of(request.getSession());
        if (purpose.isEmpty()) {
            return "redirect:/ui/zweck?weiter=" + URLEncoder.encode("/ui/berichte/" + id, StandardCharsets.UTF_8);
        }
        ReportReads.ReportView report;
        try {
            report = reads.read(subject, id, purpose.get());
        } catch (ReportNotFound e) {
            response.setStatus(404);
            model.addAttribute("status", 404);
            return "error";
        }
        Labels labels = report.labels();
        String text = report.text();
        boolean cut = text.length() > MAX_SHOWN;
        List<Part> parts = mark(cut ? text.substring(0, MAX_SHOWN) : text, words(query));
        model.addAttribute("report", report);
        model.addAttribute("labels", labels);
        model.addAttribute("title", VisibleText.of(labels.title()));
        model.addAttribute("caseReference", VisibleText.of(labels.caseReference()));
        model.addAttribute("handlingNote", labels.handlingNote() == null ? null : VisibleText.of(labels.handlingNote()));
        model.addAttribute("parts", parts);
        model.addAttribute("marks", parts.stream().filter(Part::marked).count());
        model.addAttribute("cut", cut || report.textTruncated());
        model.addAttribute("query", query == null ? "" : query);
        model.addAttribute("selectors", report.selectors().stream()
                .map(k -> new SelectorView(k, "selector:" + quoteValue(k))).toList());
        model.addAttribute("documents", documents(report.normalised()));
        SearchResult related = reads.related(subject, id, purpose.get());
        model.addAttribute("related", related.hits().stream()
                .map(h -> new RelatedView(h.id(), VisibleText.of(h.title()), h.originator())).toList());
        return "report";
    }

    /** An embedded document of the original (an attachment, an archive member), at its depth in the tree. */
    public record DocumentView(String path, String contentType, int depth, long characters, boolean failed) {}

    /** The tree of embedded documents from the normalised form; empty for a file without any. */
    static List<DocumentView> documents(tools.jackson.databind.JsonNode normalised) {
        List<DocumentView> documents = new java.util.ArrayList<>();
        for (tools.jackson.databind.JsonNode d : normalised.path("documents")) {
            documents.add(new DocumentView(VisibleText.of(d.path("path").asString("")), d.path("contentType").asString(""),
                    Math.min(8, Math.max(0, d.path("depth").asInt(0))), d.path("characters").asLong(0),
                    d.hasNonNull("error")));
        }
        return documents.size() > 1 ? documents : List.of();
    }

    /** The original as a download; its labels (handling code) were shown on the page that links here. */
    @GetMapping("/ui/berichte/{id}/original")
    void original(@PathVariable String id, Authentication authentication, HttpServletRequest request,
                  HttpServletResponse response) throws IOException {
        Subject subject = subjects.of(authentication, request, response);
        Optional<Purpose> purpose = SessionPurpose.of(request.getSession());
        if (purpose.isEmpty()) {
            response.sendError(400);
            return;
        }
        ReportReads.Original original;
        try {
            original = reads.original(subject, id, purpose.get());
        } catch (ReportNotFound e) {
            response.sendError(404);
            return;
        }
        try (InputStream in = original.content()) {
            response.setContentType("application/octet-stream");
            response.setHeader("Content-Disposition", ContentDisposition.attachment()
                    .filename("original-" + original.id() + ".bin").build().toString());
            response.setHeader("X-Content-Type-Options", "nosniff");
            in.transferTo(response.getOutputStream());
        }
    }

    /** The plain words of a query (no fields, no operators), to mark in the text. */
    static Set<String> words(@Nullable String query) {
        Set<String> words = new LinkedHashSet<>();
        if (query == null) {
            return words;
        }
        for (String token : query.replace('"', ' ').replace('(', ' ').replace(')', ' ').split("\\s+")) {
            String t = token.startsWith("-") ? "" : token;
            if (t.length() >= 2 && !t.contains(":") && !Set.of("AND", "OR", "NOT").contains(t)) {
                words.add(t.toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }

    /** Splits the text into plain parts and marked words that contain a query word (case-insensitive). */
    static List<Part> mark(String text, Set<String> words) {
        List<Part> parts = new ArrayList<>();
        if (words.isEmpty()) {
            parts.add(new Part(VisibleText.of(text), 0));
            return parts;
        }
        // a word of four letters or more is marked inside compounds too ("Betrug" in "Anlagebetrug"), as the search
        // finds it there; a shorter one only at the start of a word
        String inside = String.join("|", words.stream().filter(w -> w.length() >= 4).map(Pattern::quote).toList());
        String start = String.join("|", words.stream().filter(w -> w.length() < 4).map(Pattern::quote).toList());
        String pattern = inside.isEmpty() ? "\\b(?:" + start + ")\\p{L}*"
                : start.isEmpty() ? "\\p{L}*(?:" + inside + ")\\p{L}*"
                : "\\p{L}*(?:" + inside + ")\\p{L}*|\\b(?:" + start + ")\\p{L}*";
        Matcher m = Pattern.compile("(?iu)" + pattern).matcher(text);
        int at = 0;
        int n = 0;
        while (m.find() && n < MAX_MARKS) {
            if (m.start() > at) {
                parts.add(new Part(VisibleText.of(text.substring(at, m.start())), 0));
            }
            parts.add(new Part(VisibleText.of(m.group()), ++n));
            at = m.end();
        }
        if (at < text.length()) {
            parts.add(new Part(VisibleText.of(text.substring(at)), 0));
        }
        return parts;
    }

    /** {@code ip:203.0.113.7} → {@code ip:203.0.113.7}; a value with spaces is quoted for the query language. */
    static String quoteValue(String key) {
        int colon = key.indexOf(':');
        String value = key.substring(colon + 1);
        return value.contains(" ") ? key.substring(0, colon + 1) + "\"" + value + "\"" : key;
    }
}
