package de.verbund.web.security;

import java.util.Map;
import java.util.stream.Stream;

import de.verbund.access.subject.Role;
import de.verbund.access.subject.Subject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Which role opens which pages: each role's pages under their own path, checked against the roles of the session's
 * access token (the same claims the API checks) before any controller runs. Another role's page answers 403 with
 * the "no access" page; what a page shows inside is decided by the services, as in the API.
 */
@Configuration(proxyBeanMethods = false)
class RolePages implements WebMvcConfigurer, HandlerInterceptor {

    /** Path prefix → the role it needs. */
    static final Map<String, Role> PAGES = Map.of(
            "/ui/suche", Role.ANALYST,
            "/ui/berichte", Role.ANALYST,
            "/ui/pruefung", Role.ANALYST,
            "/ui/anfragen", Role.ANALYST,
            "/ui/einreichen", Role.SUBMITTER,
            "/ui/freigaben", Role.APPROVER,
            "/ui/aufsicht", Role.OVERSIGHT,
            "/ui/betrieb", Role.ADMIN);

    private final WebSubjects subjects;

    RolePages(WebSubjects subjects) {
        this.subjects = subjects;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(PAGES.keySet().stream()
                .flatMap(p -> Stream.of(p, p + "/**")).toList());
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        Role needed = needed(request.getRequestURI().substring(request.getContextPath().length()));
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (needed == null || authentication == null) {
            return true;
        }
        Subject subject = subjects.of(authentication, request, response);
        if (subject.has(needed)) {
            return true;
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN);
        return false;
    }

    static @Nullable Role needed(String path) {
        for (Map.Entry<String, Role> page : PAGES.entrySet()) {
            if (path.equals(page.getKey()) || path.startsWith(page.getKey() + "/")) {
                return page.getValue();
            }
        }
        return null;
    }
}
