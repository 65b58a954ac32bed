package de.verbund.hub.security;

import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.server.RequestPath;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The rule for every request that no explicit rule of {@link SecurityConfiguration} names. A route that some handler
 * would serve is denied (fail closed: an endpoint added without a rule is unreachable, as before). A route nobody
 * serves is let through to an authenticated caller, so that Spring MVC answers 404 for an unknown path and 405 for a
 * known path with another method, as HTTP means them, instead of a 403 that says nothing true. Static resources do not
 * count as handlers (they would match every path); an anonymous caller still gets 401.
 */
final class UnmappedRoutes implements AuthorizationManager<RequestAuthorizationContext> {

    private static final AuthorizationDecision DENY = new AuthorizationDecision(false);

    private final ObjectProvider<HandlerMapping> mappings;
    private final AuthorizationManager<Object> authenticated = AuthenticatedAuthorizationManager.authenticated();

    UnmappedRoutes(ObjectProvider<HandlerMapping> mappings) {
        this.mappings = mappings;
    }

    @Override
    public @Nullable AuthorizationResult authorize(Supplier<? extends @Nullable Authentication> authentication,
                                                   RequestAuthorizationContext context) {
        if (served(context.getRequest())) {
            return DENY;
        }
        return authenticated.authorize(authentication, context);
    }

    private boolean served(HttpServletRequest request) {
        RequestPath previous = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request) : null;
        ServletRequestPathUtils.parseAndCache(request);
        try {
            List<HandlerMapping> all = mappings.orderedStream().toList();
            for (HandlerMapping mapping : all) {
                HandlerExecutionChain chain;
                try {
                    chain = mapping.getHandler(request);
                } catch (Exception notForThisMethodOrType) {
                    continue; // the path exists for other methods or media types: MVC answers 405/415
                }
                if (chain != null && !(chain.getHandler() instanceof ResourceHttpRequestHandler)) {
                    return true;
                }
            }
            return false;
        } finally {
            if (previous == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            } else {
                ServletRequestPathUtils.setParsedRequestPath(previous, request);
            }
        }
    }
}
