package de.verbund.web.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a session ten hours after it began, however active it was (a working day; the idle timeout of 30 minutes is
 * {@code spring.session.timeout}). The next request starts a new login.
 */
final class AbsoluteSessionTimeout extends OncePerRequestFilter {

    static final Duration ABSOLUTE = Duration.ofHours(10);

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        if (session != null && System.currentTimeMillis() - session.getCreationTime() > ABSOLUTE.toMillis()) {
            session.invalidate();
            SecurityContextHolder.clearContext();
            response.sendRedirect("/ui/");
            return;
        }
        chain.doFilter(request, response);
    }
}
