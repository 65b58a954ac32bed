package de.verbund.hub.problem;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import de.verbund.problem.ProblemType;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's last word on an error the application never saw: a request Tomcat refuses itself (an encoded slash, a
 * request line or header beyond its limits, a malformed request) gets an RFC 9457 problem detail of the general type
 * of its status instead of Tomcat's HTML error page. Nothing of the request is echoed. Installed as the host's error
 * report valve by {@link TomcatProblemPages}.
 */
public class ProblemReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemType type = ProblemType.forStatus(status);
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json(type, status, detail(type)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile; there is nobody left to tell
        }
    }

    /** What the caller is told, by type; the request itself is never echoed. */
    static String detail(ProblemType type) {
        return switch (type) {
            case URI_TOO_LONG -> "The request line is too long.";
            case HEADERS_TOO_LARGE -> "The request headers are too large.";
            case BODY_TOO_LARGE -> "The request body is too large.";
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This method is not allowed here.";
            case INTERNAL_ERROR, BACKEND_UNAVAILABLE -> "The request could not be answered.";
            default -> "The request is malformed (for example an encoded slash or a malformed header).";
        };
    }

    /** The problem detail as JSON; the values are constants of this class and {@link ProblemType}, no escaping needed. */
    static String json(ProblemType type, int status, String detail) {
        return "{\"type\":\"" + type.type() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
    }
}
