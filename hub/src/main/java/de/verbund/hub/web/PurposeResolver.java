package de.verbund.hub.web;

import de.verbund.audit.Purpose;
import de.verbund.audit.PurposeMissing;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Fills a {@link Purpose} parameter of a GET handler from the query parameters {@code purpose} and
 * {@code caseReference}, else from the headers {@code Verbund-Purpose} and {@code Verbund-Case-Reference};
 * refuses the request ({@link PurposeMissing}) before the handler runs when either is missing.
 */
@Configuration(proxyBeanMethods = false)
public class PurposeResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Purpose.class;
    }

    @Override
    public Purpose resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                   WebDataBinderFactory binders) {
        return Purpose.of(request.getParameter("purpose"), request.getParameter("caseReference"),
                request.getHeader("Verbund-Purpose"), request.getHeader("Verbund-Case-Reference"));
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
