package dev.outpost.api.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A value rejected by one of our own deserializers, carrying the final wording of the problem. */
final class StrictInputException extends MismatchedInputException {
    private final String problem;

    StrictInputException(JsonParser parser, Class<?> targetType, String problem) {
        super(parser, problem, targetType);
        this.problem = problem;
    }

    String problem() {
        return problem;
    }
}
