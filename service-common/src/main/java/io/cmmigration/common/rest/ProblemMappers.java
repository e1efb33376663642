package io.cmmigration.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error leaves as problem details JSON: bad input is a 4xx that says what was wrong, never a stack trace; an
 * unexpected failure is a 500 that says nothing internal (the log has the details).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Context
    UriInfo uriInfo;

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        String type = e.code() == null ? "about:blank" : "urn:cm-migration:status:" + e.code();
        return respond(new Problem(type, e.title(), e.status(), e.getMessage(), path(), null));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage())).sorted(
                        java.util.Comparator.comparing(Problem.FieldError::field))
                .toList();
        return respond(new Problem("about:blank", "Invalid request", 400, "The request has invalid fields", path(), errors));
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return respond(new Problem("about:blank", "Malformed JSON", 400, e.getOriginalMessage(), path(), null));
    }

    /** Wrong JSON shape (unknown enum value, wrong type); more specific than Quarkus' own mapper, which answers plain JSON. */
    @ServerExceptionMapper
    public Response mismatchedInput(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                .reduce((a, b) -> a + "." + b).orElse(null);
        return respond(new Problem("about:blank", "Invalid request", 400, e.getOriginalMessage(), path(),
                field == null ? null : List.of(new Problem.FieldError(field, "has the wrong type or value"))));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        String detail = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        String title = status == 400 ? "Invalid request" : Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return respond(new Problem("about:blank", title, status, detail, path(), null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (e instanceof WebApplicationException w) {
            return web(w);
        }
        LOG.error("unexpected failure on " + path(), e);
        return respond(new Problem("about:blank", "Internal error", 500, "The request failed; the service log has the details", path(), null));
    }

    private String path() {
        return uriInfo == null ? null : uriInfo.getPath();
    }

    private static String lastNode(String path) {
        int i = path.lastIndexOf('.');
        return i < 0 ? path : path.substring(i + 1);
    }

    private static Response respond(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
