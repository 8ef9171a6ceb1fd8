package dev.outpost.api.json;

/**
 * Thrown by record constructors for a field whose value breaks the contract. {@link Json} turns it
 * into a {@link ContractException} with the full path ({@code heartbeat.devices[0].device_id: ...}).
 */
public class InvalidFieldException extends IllegalArgumentException {
    private final String field;
    private final String problem;

    /** @param field the JSON name, or null when the value is the whole document node */
    public InvalidFieldException(String field, String problem) {
        super(field == null ? problem : field + ": " + problem);
        this.field = field;
        this.problem = problem;
    }

    /** The JSON name of the field, or null. */
    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
