package io.cmmigration.job.support;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.cmmigration.common.rest.Problem;
import jakarta.ws.rs.core.Response;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Request bodies with a value of the wrong kind (e.g. an unknown enum constant) answer as problem details too; Quarkus'
 * own mapper for this exception type would otherwise answer with its plain JSON. (Candidate for service-common.)
 */
public class JsonInputProblems {

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        String detail = (field.isEmpty() ? "" : field + ": ") + e.getOriginalMessage();
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(new Problem("about:blank", "Invalid request", 400, detail, null, null)).build();
    }
}
