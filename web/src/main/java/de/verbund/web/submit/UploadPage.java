package de.verbund.web.submit;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import de.verbund.access.label.Authority;
import de.verbund.access.label.Classification;
import de.verbund.access.label.Collection;
import de.verbund.access.label.Disclosure;
import de.verbund.access.label.HandlingCode;
import de.verbund.access.label.Labels;
import de.verbund.access.label.PersonsConcerned;
import de.verbund.access.label.PhenomenonArea;
import de.verbund.access.subject.Subject;
import de.verbund.ingest.submit.ReportSubmissions;
import de.verbund.ingest.submit.StagedUploads;
import de.verbund.ingest.submit.SubmissionResult;
import de.verbund.problem.Problem;
import de.verbund.problem.ProblemType;
import de.verbund.web.layout.ProblemText;
import de.verbund.web.layout.VisibleText;
import de.verbund.web.security.WebSubjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /ui/einreichen}: the labels as controls (only allowed values; the review date at most
 * {@value Labels#MAX_YEARS_AHEAD} years ahead) and one or more files. Without script the form sends all files as one
 * batch; with script (verbund.js) each file goes on its own with a progress bar, and the page adds each file's
 * outcome as it arrives. Either way {@link ReportSubmissions#submitBatch} decides, exactly as for the API, and every
 * file gets its own outcome: accepted (with warnings), duplicate, or refused with the reason.
 */
@Controller
class UploadPage {

    static final int MAX_FILES = 1000;

    private final ReportSubmissions submissions;
    private final WebSubjects subjects;

    UploadPage(ReportSubmissions submissions, WebSubjects subjects) {
        this.submissions = submissions;
        this.subjects = subjects;
    }

    /** One file's outcome. {@code problem} and {@code warnings} are message keys. */
    public record FileOutcome(String file, String status, @Nullable String id, @Nullable ProblemText problem,
                              List<String> warnings) {}

    @GetMapping("/ui/einreichen")
    String form(Model model) {
        choices(model);
        return "upload";
    }

    @PostMapping("/ui/einreichen")
    String submit(@RequestParam(name = "datei", required = false) @Nullable List<MultipartFile> files,
                  @RequestParam Map<String, String> form,
                  @RequestParam(name = "releasableTo", required = false) @Nullable List<String> releasableTo,
                  @RequestHeader(name = "X-Verbund-Upload", required = false) @Nullable String oneByOne,
                  Authentication authentication, HttpServletRequest request, HttpServletResponse response, Model model)
            throws IOException {
        Subject subject = subjects.of(authentication, request, response);
        List<MultipartFile> given = files == null ? List.of()
                : files.stream().filter(f -> !f.isEmpty() || f.getOriginalFilename() != null && !f.getOriginalFilename().isEmpty()).toList();
        List<FileOutcome> outcomes;
        if (given.isEmpty() || given.size() > MAX_FILES) {
            response.setStatus(400);
            model.addAttribute("error", given.isEmpty() ? "upload.error.noFile" : "upload.error.tooMany");
            outcomes = List.of();
        } else {
            outcomes = submit(subject, labels(form, releasableTo), given);
            if (outcomes.stream().allMatch(o -> o.status().equals("REJECTED"))) {
                response.setStatus(outcomes.getFirst().problem() != null && outcomes.size() == 1
                        ? statusOf(outcomes.getFirst()) : 400);
            }
        }
        model.addAttribute("outcomes", outcomes);
        if (oneByOne != null) {
            return "upload :: outcomes";
        }
        choices(model);
        // the page shows the labels again; every field is present (blank when not sent), as the template reads them
        Map<String, String> shown = new LinkedHashMap<>();
        for (String name : List.of("caseReference", "title", "phenomenonArea", "classification", "releaseScope",
                "handlingCode", "handlingNote", "disclosure", "collection", "personsConcerned", "reviewBy")) {
            shown.put(name, form.getOrDefault(name, ""));
        }
        model.addAttribute("form", shown);
        model.addAttribute("chosenReleasable", releasableTo == null ? List.of() : releasableTo);
        return "upload";
    }

    private static int statusOf(FileOutcome outcome) {
        String key = outcome.problem() == null ? "" : outcome.problem().key();
        return Arrays.stream(ProblemType.values()).filter(t -> key.equals("problem." + t.slug()))
                .mapToInt(ProblemType::status).findFirst().orElse(400);
    }

    private List<FileOutcome> submit(Subject subject, Map<String, Object> labels, List<MultipartFile> files) throws IOException {
        List<ReportSubmissions.Outcome> results;
        try (StagedUploads staged = StagedUploads.stage(files.stream().map(Part::new).toList())) {
            results = submissions.submitBatch(subject, labels, staged.uploads());
        } catch (Problem e) {
            // a label refused: every file of the form is refused for it
            ProblemText problem = ProblemText.of(e);
            return files.stream().map(f -> new FileOutcome(VisibleText.of(new Part(f).name()), "REJECTED", null, problem,
                    List.of())).toList();
        }
        List<FileOutcome> outcomes = new ArrayList<>(results.size());
        for (ReportSubmissions.Outcome outcome : results) {
            String name = VisibleText.of(outcome.name());
            outcomes.add(switch (outcome) {
                case ReportSubmissions.Outcome.Done done -> done.result() instanceof SubmissionResult.Accepted accepted
                        ? new FileOutcome(name, "ACCEPTED", accepted.id().toString(), null,
                                accepted.warnings().stream().map(w -> "warning." + w.code()).toList())
                        : new FileOutcome(name, "DUPLICATE", done.result().id().toString(), null, List.of());
                case ReportSubmissions.Outcome.Rejected rejected -> new FileOutcome(name, "REJECTED",
                        rejected.existing() == null ? null : rejected.existing().toString(),
                        ProblemText.of(rejected.type(), ""), List.of());
            });
        }
        return outcomes;
    }

    /** The form's fields as the submission's labels; blank optional fields are left out. */
    static Map<String, Object> labels(Map<String, String> form, @Nullable List<String> releasableTo) {
        Map<String, Object> labels = new LinkedHashMap<>();
        for (String name : List.of("caseReference", "title", "phenomenonArea", "classification", "handlingCode",
                "disclosure", "collection", "personsConcerned", "reviewBy")) {
            String value = form.get(name);
            if (value != null && !value.isBlank()) {
                labels.put(name, value.strip());
            }
        }
        String note = form.get("handlingNote");
        if (note != null && !note.isBlank()) {
            labels.put("handlingNote", note.strip());
        }
        List<String> release = releasableTo == null ? List.of() : releasableTo;
        labels.put("releasableTo", "ALL".equals(form.get("releaseScope")) ? List.of(Labels.ALL) : release);
        return labels;
    }

    static void choices(Model model) {
        model.addAttribute("classifications", Arrays.stream(Classification.values()).map(Classification::label).toList());
        model.addAttribute("areas", Arrays.stream(PhenomenonArea.values()).map(Enum::name).toList());
        model.addAttribute("handlingCodes", Arrays.stream(HandlingCode.values()).map(Enum::name).toList());
        model.addAttribute("disclosures", Arrays.stream(Disclosure.values()).map(Enum::name).toList());
        model.addAttribute("collections", Arrays.stream(Collection.values()).map(Enum::name).toList());
        model.addAttribute("personsOptions", Arrays.stream(PersonsConcerned.values()).map(Enum::name).toList());
        model.addAttribute("authorities", Authority.policeCodes());
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Berlin"));
        model.addAttribute("reviewMin", today.plusDays(1).toString());
        model.addAttribute("reviewMax", today.plusYears(Labels.MAX_YEARS_AHEAD).toString());
        model.addAttribute("reviewDefault", today.plusYears(5).toString());
    }

    /** A multipart file as a source of the staging. */
    private record Part(MultipartFile file) implements StagedUploads.Source {
        @Override
        public String name() {
            String name = file.getOriginalFilename();
            return name == null || name.isEmpty() ? "upload" : name;
        }

        @Override
        public InputStream open() throws IOException {
            return file.getInputStream();
        }

        @Override
        public byte @Nullable [] signature() {
            return null;
        }
    }
}
