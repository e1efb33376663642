package io.cmmigration.common.rest;

/** Thrown by services for a request that cannot be honoured; answered as problem details with the given status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final Integer code;

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    /** {@code code}: a domain status code (e.g. a gathering status of spec §6.3) the client can act on. */
    public ProblemException(int status, String title, String detail, Integer code) {
        super(detail);
        this.status = status;
        this.title = title;
        this.code = code;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "Not found", what + " does not exist");
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Invalid request", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public Integer code() {
        return code;
    }
}
