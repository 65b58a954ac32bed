package de.verbund.system;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser session lives in PostgreSQL (Spring Session JDBC) and ends after 30 minutes without a request: the
 * stored last access is moved back, as the clock would; and ten hours after login, however active (the stored
 * creation time is moved back). A restart is WebSessionRestartTests.
 */
@HubTest
class WebSessionTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @TempDir
    Path profile;

    Browser browser;

    @BeforeEach
    void startBrowser() {
        browser = new Browser("http://127.0.0.1:" + port, profile);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    String sessionId() {
        String cookie = browser.driver.manage().getCookieNamed("VERBUND_SESSION").getValue();
        return new String(Base64.getDecoder().decode(cookie), StandardCharsets.US_ASCII);
    }

    @Test
    void sessionEndsAfterThirtyIdleMinutes() throws Exception {
        browser.login("analyst-nw");
        browser.statePurpose("LKA-NW-K2-" + TestReports.uniqueWord());
        assertThat(browser.getWithSession("/ui/suche").statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT max_inactive_interval FROM spring_session WHERE session_id = ?",
                Integer.class, sessionId())).isEqualTo(30 * 60);

        long twentyNineMinutes = 29 * 60 * 1000L;
        jdbc.update("UPDATE spring_session SET last_access_time = last_access_time - ?, expiry_time = expiry_time - ? "
                + "WHERE session_id = ?", twentyNineMinutes, twentyNineMinutes, sessionId());
        assertThat(browser.getWithSession("/ui/suche").statusCode()).as("29 idle minutes: still signed in").isEqualTo(200);

        long thirtyOneMinutes = 31 * 60 * 1000L;
        jdbc.update("UPDATE spring_session SET last_access_time = last_access_time - ?, expiry_time = expiry_time - ? "
                + "WHERE session_id = ?", thirtyOneMinutes, thirtyOneMinutes, sessionId());
        HttpResponse<String> expired = browser.getWithSession("/ui/suche");
        assertThat(expired.statusCode()).as("31 idle minutes: the session is gone").isEqualTo(302);
        assertThat(expired.headers().firstValue("Location").orElse("")).contains("/oauth2/authorization/keycloak");
    }

    @Test
    void sessionEndsTenHoursAfterLoginHoweverActive() throws Exception {
        browser.login("analyst-nw");
        browser.statePurpose("LKA-NW-K7-" + TestReports.uniqueWord());
        assertThat(browser.getWithSession("/ui/suche").statusCode()).isEqualTo(200);
        long nineHours = 9 * 3600 * 1000L;
        jdbc.update("UPDATE spring_session SET creation_time = creation_time - ? WHERE session_id = ?", nineHours, sessionId());
        assertThat(browser.getWithSession("/ui/suche").statusCode()).as("nine hours after login, active").isEqualTo(200);
        long twoHours = 2 * 3600 * 1000L;
        jdbc.update("UPDATE spring_session SET creation_time = creation_time - ? WHERE session_id = ?", twoHours, sessionId());
        HttpResponse<String> ended = browser.getWithSession("/ui/suche");
        assertThat(ended.statusCode()).as("eleven hours after login").isEqualTo(302);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM spring_session WHERE session_id = ?", Long.class, sessionId()))
                .as("the session is gone from PostgreSQL").isZero();
    }
}
