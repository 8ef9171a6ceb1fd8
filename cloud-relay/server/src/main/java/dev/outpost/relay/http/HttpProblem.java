package dev.outpost.relay.http;

import io.javalin.http.HttpStatus;

/**
 * A request the relay refuses, with the status and the message the caller sees as {@code {"error": "..."}}.
 * The message starts with what it is about and says what fixes it when we know.
 */
public final class HttpProblem extends RuntimeException {
    private final HttpStatus status;

    public HttpProblem(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    public static HttpProblem badRequest(String message) {
        return new HttpProblem(HttpStatus.BAD_REQUEST, message);
    }

    public static HttpProblem notFound(String message) {
        return new HttpProblem(HttpStatus.NOT_FOUND, message);
    }

    public static HttpProblem conflict(String message) {
        return new HttpProblem(HttpStatus.CONFLICT, message);
    }
}
