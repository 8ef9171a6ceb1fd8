package dev.outpost.appliance.pos;

/**
 * A POS request refused, with the HTTP status that says why: 400 bad input (the message names the field), 401 no or
 * a wrong login, 403 a role that may not, 404 nothing of that id, 409 not in this state (the message names the state),
 * 503 the store or a device (a receipt printer) failed. Nothing of a refused request was applied.
 */
public final class PosException extends RuntimeException {
    private final int status;

    public PosException(int status, String message) {
        super(message);
        this.status = status;
    }

    private PosException(String message, Throwable cause) {
        super(message, cause);
        this.status = 503;
    }

    public static PosException storage(String message, Throwable cause) {
        return new PosException(message, cause);
    }

    public static PosException badInput(String message) {
        return new PosException(400, message);
    }

    public static PosException unauthorized(String message) {
        return new PosException(401, message);
    }

    public static PosException forbidden(String message) {
        return new PosException(403, message);
    }

    public static PosException notFound(String message) {
        return new PosException(404, message);
    }

    public static PosException conflict(String message) {
        return new PosException(409, message);
    }

    public int status() {
        return status;
    }
}
