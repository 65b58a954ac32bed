package de.verbund.hub.config;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The request id: taken from the load balancer when well-formed, else new; in every log line and in the answer. */
class RequestIdsTests {

    final RequestIds filter = new RequestIds();

    String idSeenByTheRequest(MockHttpServletRequest request, MockHttpServletResponse response) throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        FilterChain chain = (req, res) -> seen.set(MDC.get(RequestIds.MDC_KEY));
        filter.doFilter(request, response, chain);
        assertThat(MDC.get(RequestIds.MDC_KEY)).as("removed after the request").isNull();
        return seen.get();
    }

    @Test
    void loadBalancersIdThenKeptInLogsAndAnswer() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/reports/x");
        request.addHeader("X-Request-Id", "7F000001ED561F9A6B16B225000216EE");
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(idSeenByTheRequest(request, response)).isEqualTo("7F000001ED561F9A6B16B225000216EE");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo("7F000001ED561F9A6B16B225000216EE");
    }

    @Test
    void noIdThenANewOne() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        String id = idSeenByTheRequest(new MockHttpServletRequest("GET", "/"), response);
        assertThat(id).matches("[0-9a-f-]{36}");
        assertThat(response.getHeader("X-Request-Id")).isEqualTo(id);
    }

    @Test
    void malformedIdThenReplacedNeverEchoed() throws Exception {
        for (String hostile : new String[] {"abc", "x\r\nSet-Cookie: a=b", "<script>alert(1)</script>", "a".repeat(65)}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
            request.addHeader("X-Request-Id", hostile);
            MockHttpServletResponse response = new MockHttpServletResponse();
            String id = idSeenByTheRequest(request, response);
            assertThat(id).isNotEqualTo(hostile).matches("[0-9a-f-]{36}");
            assertThat(response.getHeader("X-Request-Id")).isEqualTo(id);
        }
    }
}
