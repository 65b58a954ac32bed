package de.verbund.system;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import de.verbund.hub.VerbundApplication;
import de.verbund.testsupport.VerbundServices;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hub restart logs nobody out: the test starts a hub of its own, logs in through Keycloak in Chromium, states the
 * purpose, stops that hub and starts a new one on the same port; the old session cookie still opens the analyst's
 * search page, with the purpose of the session, because the session lives in PostgreSQL and nowhere else.
 */
@ExtendWith(VerbundServices.class)
class WebSessionRestartTests {

    @TempDir
    Path profile;

    static ConfigurableApplicationContext hub(int port) {
        // command-line arguments: they outrank application.yml (default properties would not)
        return new SpringApplicationBuilder(VerbundApplication.class)
                .run("--server.address=127.0.0.1", "--server.port=" + port, "--verbund.index.outbox-poll=100ms");
    }

    @Test
    void sessionSurvivesARestartOfTheHub() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String caseReference = "LKA-NW-K4-" + TestReports.uniqueWord();
        try (Browser browser = new Browser("http://127.0.0.1:" + port, profile)) {
            try (ConfigurableApplicationContext first = hub(port)) {
                browser.login("analyst-nw");
                browser.statePurpose(caseReference);
                assertThat(browser.getWithSession("/ui/suche").statusCode()).isEqualTo(200);
            }
            try (ConfigurableApplicationContext restarted = hub(port)) {
                HttpResponse<String> page = browser.getWithSession("/ui/suche");
                assertThat(page.statusCode()).as("the old cookie on the new hub").isEqualTo(200);
                assertThat(page.body()).as("the purpose came back from PostgreSQL").contains(caseReference);
            }
        }
    }
}
