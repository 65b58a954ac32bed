package de.verbund.hub.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import de.verbund.access.subject.Subject;
import de.verbund.audit.AuditTrail;
import de.verbund.audit.Oversight;
import de.verbund.exchange.AccessRequests;
import de.verbund.exchange.SelectorCheck;
import de.verbund.hub.HubProperties;
import de.verbund.hub.problem.ApiProblems;
import de.verbund.hub.web.PurposeResolver;
import de.verbund.ingest.submit.ReportSubmissions;
import de.verbund.search.query.InvalidQuery;
import de.verbund.search.query.SearchResult;
import de.verbund.search.query.SearchService;
import de.verbund.search.read.ReportNotFound;
import de.verbund.search.read.ReportReads;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import de.verbund.ingest.lifecycle.Restrictions;
import de.verbund.ingest.lifecycle.Reviews;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The web edge without the services behind it: role checks, purpose binding, refusal of unknown fields, and that
 * every refusal is a problem detail of its type. The services are mocks; the full stack is in system-tests.
 */
@WebMvcTest(excludeFilters = @org.springframework.context.annotation.ComponentScan.Filter(
        type = org.springframework.context.annotation.FilterType.REGEX, pattern = "de\\.verbund\\.web\\..*"),
        properties = {
        "verbund.security.issuer=https://idp.example/realms/verbund",
        "verbund.security.jwk-set-uri=https://idp.example/certs",
        "verbund.security.audience=verbund-hub",
        "verbund.elasticsearch.url=http://127.0.0.1:1", "verbund.elasticsearch.username=u",
        "verbund.elasticsearch.password=p",
        "spring.jackson.deserialization.fail-on-unknown-properties=true"})
@Import({SecurityConfiguration.class, ProblemResponses.class, BodySizeLimit.class, ApiProblems.class,
        ApiEdgeSliceTests.EndpointWithoutRule.class,
        PurposeResolver.class})
@EnableConfigurationProperties(HubProperties.class)
@EnableWebSecurity
class ApiEdgeSliceTests {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    JwtDecoder jwtDecoder;
    @MockitoBean
    SearchService searches;
    @MockitoBean
    ReportReads reads;
    @MockitoBean
    ReportSubmissions submissions;
    @MockitoBean
    SelectorCheck selectorCheck;
    @MockitoBean
    AccessRequests accessRequests;
    @MockitoBean
    AuditTrail auditTrail;
    @MockitoBean
    Oversight oversight;
    @MockitoBean
    Restrictions restrictions;
    @MockitoBean
    Reviews reviews;
    @MockitoBean
    de.verbund.ingest.lifecycle.Erasures erasures;
    @MockitoBean
    de.verbund.ingest.lifecycle.KeyRotations keyRotations;
    @MockitoBean
    de.verbund.ingest.lifecycle.PackCompaction packCompaction;
    @MockitoBean
    de.verbund.ingest.lifecycle.Corrections corrections;

    static RequestPostProcessor as(String user, String authority, String clearance, List<String> roles) {
        Map<String, Object> claims = Map.of("sub", "id-" + user, "preferred_username", user, "authority", authority,
                "clearance", clearance, "mandates", List.of("CYBER"), "roles", roles);
        Jwt jwt = new Jwt("token", Instant.now(), Instant.now().plusSeconds(300), Map.of("alg", "RS256"), claims);
        return authentication(new SubjectAuthentication(jwt, Subject.fromClaims(claims)));
    }

    static final RequestPostProcessor ANALYST = as("analyst-nw", "LKA-NW", "VS-VERTRAULICH", List.of("analyst"));
    static final RequestPostProcessor OVERSIGHT = as("oversight-bfdi", "BFDI", "VS-NFD", List.of("oversight"));

    @Test
    void searchWithPurposeThenServiceCalledWithIt() throws Exception {
        when(searches.search(any(), any(), eq("Phishing"), any(), eq(20), any()))
                .thenReturn(new SearchResult(0, List.of(), Map.of(), null));

        mvc.perform(post("/api/v1/search").with(ANALYST).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"Phishing\",\"purpose\":\"Abgleich\",\"caseReference\":\"NW-42\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void searchWithoutPurposeThenPurposeRequiredAndServiceNotCalled() throws Exception {
        mvc.perform(post("/api/v1/search").with(ANALYST).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"Phishing\",\"caseReference\":\"NW-42\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:purpose-required"));
        verify(searches, never()).search(any(), any(), any(), any(), anyInt(), any());
    }

    @Test
    void searchWithRawQueryDslThenMalformedRequest() throws Exception {
        mvc.perform(post("/api/v1/search").with(ANALYST).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"x\",\"purpose\":\"p\",\"caseReference\":\"c\",\"dsl\":{\"match_all\":{}}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:malformed-request"));
    }

    @Test
    void invalidQueryFromServiceThenItsProblemType() throws Exception {
        when(searches.search(any(), any(), any(), any(), anyInt(), any())).thenThrow(new InvalidQuery("unknown field"));

        mvc.perform(post("/api/v1/search").with(ANALYST).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"x:y\",\"purpose\":\"p\",\"caseReference\":\"c\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:invalid-query"))
                .andExpect(jsonPath("$.title").value("Invalid query"))
                .andExpect(jsonPath("$.detail").value("unknown field"));
    }

    @Test
    void readWithPurposeInHeadersThenNotFoundLikeUnknownId() throws Exception {
        when(reads.read(any(), eq("r-1"), any())).thenThrow(new ReportNotFound());

        mvc.perform(get("/api/v1/reports/r-1").with(ANALYST).header("Verbund-Purpose", "Abgleich")
                        .header("Verbund-Case-Reference", "NW-42"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:not-found"))
                .andExpect(jsonPath("$.detail").value("No report with this id."));
    }

    @Test
    void readWithoutPurposeThenRefusedBeforeTheGate() throws Exception {
        mvc.perform(get("/api/v1/reports/r-1").with(ANALYST))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:purpose-required"));
        verify(reads, never()).read(any(), any(), any());
    }

    @Test
    void oversightOnContentThenForbiddenProblem() throws Exception {
        mvc.perform(post("/api/v1/search").with(OVERSIGHT).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"query\":\"x\",\"purpose\":\"p\",\"caseReference\":\"c\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:forbidden"));
    }

    @Test
    void noTokenThenUnauthenticatedProblemWithBearerChallenge() throws Exception {
        mvc.perform(get("/api/v1/reports/r-1"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:unauthenticated"));
    }

    @Test
    void selectorCheckThenSubjectAndPurposePassedToTheService() throws Exception {
        when(selectorCheck.check(any(), any(), any())).thenReturn(new SelectorCheck.Answer(1, 0, 0, List.of()));

        mvc.perform(post("/api/v1/selectors/check").with(ANALYST).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"selectors\":[{\"type\":\"ip\",\"value\":\"203.0.113.7\"}],\"purpose\":\"p\","
                                + "\"caseReference\":\"NW-1\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.checked").value(1));
        verify(selectorCheck).check(org.mockito.ArgumentMatchers.argThat(s -> s.userName().equals("analyst-nw")),
                eq(new de.verbund.audit.Purpose("p", "NW-1")), any());
    }

    @Test
    void oversightEventsWithMalformedTimeThenInvalidParameter() throws Exception {
        mvc.perform(get("/api/v1/audit/events?from=gestern").with(OVERSIGHT))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:invalid-parameter"));
    }

    /** An endpoint someone added without a rule in {@link SecurityConfiguration}: it must stay unreachable. */
    @org.springframework.web.bind.annotation.RestController
    static class EndpointWithoutRule {
        @org.springframework.web.bind.annotation.GetMapping("/api/v1/without-rule")
        String content() {
            return "content";
        }
    }

    @Test
    void endpointWithoutSecurityRuleThenForbiddenEvenForAnalyst() throws Exception {
        mvc.perform(get("/api/v1/without-rule").with(ANALYST))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:forbidden"));
    }

    @Test
    void unknownRouteThenNotFoundAndKnownRouteWithOtherMethodThenMethodNotAllowed() throws Exception {
        mvc.perform(get("/api/v1/nonexistent").with(ANALYST))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:not-found"));
        mvc.perform(get("/api/v1/search").with(ANALYST))
                .andExpect(status().isMethodNotAllowed())
                .andExpect(header().string("Allow", "POST"))
                .andExpect(jsonPath("$.type").value("urn:verbund:problem:method-not-allowed"));
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/without-rule")
                        .with(ANALYST))
                .andExpect(status().isMethodNotAllowed());
        mvc.perform(get("/api/v1/nonexistent"))
                .andExpect(status().isUnauthorized());
    }
}
