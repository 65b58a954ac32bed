package de.verbund.web.oversight;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditAction;
import de.verbund.audit.AuditLog;
import de.verbund.audit.Oversight;
import de.verbund.problem.Problem;
import de.verbund.web.layout.ProblemText;
import de.verbund.web.layout.VisibleText;
import de.verbund.web.security.WebSubjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /ui/aufsicht/**} for the role {@code oversight}: the same questions as {@code /api/v1/audit/**}, asked
 * through {@link Oversight}, so each page view is itself in the trail. The pages show ids, actors, actions, purposes
 * and outcomes — never report content.
 */
@Controller
class OversightPages {

    static final int PAGE = 50;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm:ss", Locale.GERMANY)
            .withZone(ZoneId.of("Europe/Berlin"));

    private final Oversight oversight;
    private final WebSubjects subjects;

    OversightPages(Oversight oversight, WebSubjects subjects) {
        this.oversight = oversight;
        this.subjects = subjects;
    }

    /** An event row; free text (purpose, file number, detail) made visible. */
    public record EventView(long seq, String at, String actor, String authority, String action, String purpose,
                            String caseReference, List<String> reports, String outcome, String rule, String detail) {
        static EventView of(AuditLog.Event e) {
            return new EventView(e.seq(), TIME.format(e.at()), e.actorName(), text(e.actorAuthority()), e.action(),
                    text(e.purpose()), text(e.caseReference()), e.reports(), e.outcome(), text(e.rule()), text(e.detail()));
        }
    }

    public record ConsultationView(String at, String actor, String authority, String action, String purpose,
                                   String caseReference) {}

    @GetMapping({"/ui/aufsicht", "/ui/aufsicht/"})
    String start() {
        return "redirect:/ui/aufsicht/ereignisse";
    }

    @GetMapping("/ui/aufsicht/ereignisse")
    String events(@RequestParam(name = "akteur", defaultValue = "") String actor,
                  @RequestParam(name = "behoerde", defaultValue = "") String authority,
                  @RequestParam(name = "aktion", defaultValue = "") String action,
                  @RequestParam(name = "bericht", defaultValue = "") String report,
                  @RequestParam(name = "aktenzeichen", defaultValue = "") String caseReference,
                  @RequestParam(name = "von", defaultValue = "") String from,
                  @RequestParam(name = "bis", defaultValue = "") String to,
                  @RequestParam(name = "nach", defaultValue = "0") long after, Authentication authentication,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Subject subject = subjects.of(authentication, request, response);
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("akteur", actor);
        filter.put("behoerde", authority);
        filter.put("aktion", action);
        filter.put("bericht", report);
        filter.put("aktenzeichen", caseReference);
        filter.put("von", from);
        filter.put("bis", to);
        model.addAttribute("filter", filter);
        model.addAttribute("actions", Arrays.stream(AuditAction.values()).map(Enum::name).toList());
        try {
            Oversight.EventPage page = oversight.events(subject, filterOf(filter), Math.max(0, after), PAGE);
            model.addAttribute("events", page.events().stream().map(EventView::of).toList());
            model.addAttribute("nextAfter", page.nextAfter());
            model.addAttribute("query", query(filter));
        } catch (Problem e) {
            response.setStatus(e.type().status());
            model.addAttribute("problem", ProblemText.of(e));
            model.addAttribute("events", List.of());
        }
        return "oversight-events";
    }

    static AuditLog.Filter filterOf(Map<String, String> f) {
        return new AuditLog.Filter(blank(f.get("akteur")), blank(f.get("behoerde")), blank(f.get("aktion")),
                blank(f.get("bericht")), blank(f.get("aktenzeichen")), Oversight.instant(blank(f.get("von"))),
                Oversight.instant(blank(f.get("bis"))));
    }

    /** The filter as a query string for the next page's and the export's link. */
    static String query(Map<String, String> filter) {
        StringBuilder query = new StringBuilder();
        filter.forEach((name, value) -> {
            if (!value.isBlank()) {
                query.append(query.isEmpty() ? "" : "&").append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    @GetMapping("/ui/aufsicht/einsicht")
    String whoSaw(@RequestParam(name = "bericht", defaultValue = "") String report, Authentication authentication,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Subject subject = subjects.of(authentication, request, response);
        model.addAttribute("report", report);
        if (!report.isBlank()) {
            model.addAttribute("consultations", oversight.whoSaw(subject, report.strip()).stream()
                    .map(c -> new ConsultationView(TIME.format(c.at()), c.actorName(), text(c.actorAuthority()), c.action(),
                            text(c.purpose()), text(c.caseReference()))).toList());
        }
        return "oversight-viewers";
    }

    @GetMapping("/ui/aufsicht/nutzer")
    String actor(@RequestParam(name = "kennung", defaultValue = "") String actor,
                 @RequestParam(name = "nach", defaultValue = "0") long after, Authentication authentication,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        Subject subject = subjects.of(authentication, request, response);
        model.addAttribute("actor", actor);
        if (!actor.isBlank()) {
            List<AuditLog.Event> events = oversight.actorEvents(subject, actor.strip(), Math.max(0, after), PAGE);
            model.addAttribute("events", events.stream().map(EventView::of).toList());
            model.addAttribute("nextAfter", events.size() == PAGE ? events.getLast().seq() : null);
        }
        return "oversight-actor";
    }

    /** One bar of the chart: a consulting authority's consultations of other authorities' reports in one month. */
    public record Bar(String month, String consulting, long count, int y, int width) {}

    public record Row(String month, String consulting, String consulted, String action, long count) {}

    static final int BAR_HEIGHT = 22;
    static final int CHART_WIDTH = 480;

    @GetMapping("/ui/aufsicht/statistik")
    String consultations(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                         Model model) {
        Subject subject = subjects.of(authentication, request, response);
        List<AuditLog.AuthorityConsultations> rows = oversight.consultations(subject);
        Map<String, Long> perMonthAndAuthority = new TreeMap<>();
        for (AuditLog.AuthorityConsultations r : rows) {
            perMonthAndAuthority.merge(r.month() + "\u0000" + r.consulting(), r.consultations(), Long::sum);
        }
        long max = perMonthAndAuthority.values().stream().mapToLong(Long::longValue).max().orElse(1);
        List<Bar> bars = new ArrayList<>();
        for (Map.Entry<String, Long> e : perMonthAndAuthority.entrySet()) {
            String[] key = e.getKey().split("\u0000", 2);
            bars.add(new Bar(key[0], key[1], e.getValue(), bars.size() * BAR_HEIGHT,
                    (int) Math.max(1, Math.round((double) CHART_WIDTH * e.getValue() / max))));
        }
        model.addAttribute("bars", bars);
        model.addAttribute("chartHeight", Math.max(BAR_HEIGHT, bars.size() * BAR_HEIGHT));
        model.addAttribute("rows", rows.stream().map(r -> new Row(r.month(), r.consulting(), r.consulted(), r.action(),
                r.consultations())).toList());
        return "oversight-chart";
    }

    public record Anomaly(String kind, String actor, String authority, String at, String detail) {}

    @GetMapping("/ui/aufsicht/auffaelligkeiten")
    String anomalies(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                     Model model) {
        Subject subject = subjects.of(authentication, request, response);
        AuditLog.Anomalies a = oversight.anomalies(subject, null, null, 50, 10, Oversight.time("07:00"),
                Oversight.time("19:00"));
        List<Anomaly> list = new ArrayList<>();
        a.bursts().forEach(b -> list.add(new Anomaly("burst", b.actorName(), text(b.actorAuthority()),
                TIME.format(b.windowStart()), String.valueOf(b.consultations()))));
        a.newCaseReferences().forEach(n -> list.add(new Anomaly("newCaseReference", n.actorName(), "",
                TIME.format(n.firstUse()), VisibleText.of(n.caseReference()) + " · " + n.reads())));
        a.outsideWorkingHours().forEach(o -> list.add(new Anomaly("offHours", o.actorName(), text(o.actorAuthority()),
                TIME.format(o.at()), o.action() + " · " + text(o.caseReference()))));
        a.quotaHits().forEach(q -> list.add(new Anomaly("quota", q.actorName(), text(q.actorAuthority()),
                TIME.format(q.first()) + " – " + TIME.format(q.last()), q.action() + " · " + q.refused())));
        model.addAttribute("anomalies", list);
        return "oversight-anomalies";
    }

    @GetMapping("/ui/aufsicht/pruefpunkt")
    String checkpoint(Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                      Model model) {
        Subject subject = subjects.of(authentication, request, response);
        oversight.latestCheckpoint(subject).ifPresent(c -> {
            model.addAttribute("checkpoint", c);
            model.addAttribute("checkpointAt", TIME.format(c.createdAt()));
        });
        model.addAttribute("publicKey", oversight.verifierKey());
        return "oversight-checkpoint";
    }

    /** The export of the filtered events as JSON lines (the same format as the API's), to verify offline. */
    @GetMapping("/ui/aufsicht/export")
    void export(@RequestParam Map<String, String> params, Authentication authentication, HttpServletRequest request,
                HttpServletResponse response) throws IOException {
        Subject subject = subjects.of(authentication, request, response);
        Map<String, String> filter = new LinkedHashMap<>();
        for (String name : List.of("akteur", "behoerde", "aktion", "bericht", "aktenzeichen", "von", "bis")) {
            filter.put(name, params.getOrDefault(name, ""));
        }
        AuditLog.Filter f;
        try {
            f = filterOf(filter);
        } catch (Problem e) {
            response.sendError(400);
            return;
        }
        oversight.auditExport(subject, f);
        response.setContentType("application/x-ndjson");
        response.setHeader("Content-Disposition", ContentDisposition.attachment().filename("verbund-audit.jsonl")
                .build().toString());
        Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
        oversight.writeExport(f, writer);
        writer.flush();
    }

    private static @Nullable String blank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String text(@Nullable String value) {
        return value == null ? "" : VisibleText.of(value);
    }
}
