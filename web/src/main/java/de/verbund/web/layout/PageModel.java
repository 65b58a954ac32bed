package de.verbund.web.layout;

import java.util.Locale;

import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import de.verbund.web.purpose.SessionPurpose;
import de.verbund.web.security.WebSubjects;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The header of every page: who is signed in (name, authority, roles — so that each role sees only its menu) and
 * the purpose of the session. German by default; {@code ?sprache=en} switches to English (kept in a cookie).
 */
@ControllerAdvice(basePackages = "de.verbund.web")
class PageModel {

    private final WebSubjects subjects;

    PageModel(WebSubjects subjects) {
        this.subjects = subjects;
    }

    /** What the header shows; null before login. */
    record User(String name, String authority, boolean analyst, boolean submitter, boolean approver,
                boolean oversight, boolean admin) {}

    @ModelAttribute
    void header(@Nullable Authentication authentication, HttpServletRequest request, HttpServletResponse response,
                Model model) {
        if (authentication instanceof OAuth2AuthenticationToken) {
            Subject s = subjects.of(authentication, request, response);
            model.addAttribute("user", new User(s.userName(), s.authority().code(), s.has(Role.ANALYST),
                    s.has(Role.SUBMITTER), s.has(Role.APPROVER), s.has(Role.OVERSIGHT), s.has(Role.ADMIN)));
            var session = request.getSession(false);
            if (session != null) {
                SessionPurpose.of(session).ifPresent(p -> model.addAttribute("sessionPurpose", p));
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Language implements WebMvcConfigurer {

        @Bean
        LocaleResolver localeResolver() {
            CookieLocaleResolver resolver = new CookieLocaleResolver("VERBUND_SPRACHE");
            resolver.setDefaultLocale(Locale.GERMAN);
            return resolver;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            LocaleChangeInterceptor change = new LocaleChangeInterceptor();
            change.setParamName("sprache");
            registry.addInterceptor(change).addPathPatterns("/ui/**");
        }
    }

    /**
     * Where a user starts: a user with one role goes straight to that role's main page (an analyst first states the
     * purpose there); a user with several roles chooses on the start page, which explains each.
     */
    @Controller
    static class StartPage {

        private final WebSubjects subjects;

        StartPage(WebSubjects subjects) {
            this.subjects = subjects;
        }

        @GetMapping({"/", "/ui", "/ui/"})
        String start(Authentication authentication, HttpServletRequest request, HttpServletResponse response) {
            Subject s = subjects.of(authentication, request, response);
            java.util.List<String> pages = new java.util.ArrayList<>();
            if (s.has(Role.ANALYST)) {
                pages.add("/ui/suche");
            }
            if (s.has(Role.SUBMITTER)) {
                pages.add("/ui/einreichen");
            }
            if (s.has(Role.APPROVER)) {
                pages.add("/ui/freigaben");
            }
            if (s.has(Role.OVERSIGHT)) {
                pages.add("/ui/aufsicht");
            }
            if (s.has(Role.ADMIN)) {
                pages.add("/ui/betrieb");
            }
            return pages.size() == 1 ? "redirect:" + pages.getFirst() : "start";
        }
    }

    /** Pages around the login that need no session: the landing page after login and the one after logout. */
    @Controller
    static class LoginPages {

        @GetMapping("/ui/angemeldet")
        String landed() {
            return "landed";
        }

        @GetMapping("/ui/abgemeldet")
        String loggedOut() {
            return "logged-out";
        }
    }
}
