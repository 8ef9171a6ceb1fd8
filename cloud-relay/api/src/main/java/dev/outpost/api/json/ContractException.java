package dev.outpost.api.json;

/**
 * A WAN document that does not satisfy its contract. The message reads
 * {@code <document><json path>: <problem>}, e.g.
 * {@code heartbeat.devices[1].last_seen: expected an ISO-8601 instant, was 42}.
 */
public class ContractException extends RuntimeException {
    private final String document;
    private final String path;
    private final String problem;

    /**
     * @param path JSON path below the document, empty or starting with {@code .} or {@code [}
     */
    public ContractException(String document, String path, String problem) {
        this(document, path, problem, null);
    }

    public ContractException(String document, String path, String problem, Throwable cause) {
        super(document + path + ": " + problem, cause);
        this.document = document;
        this.path = path;
        this.problem = problem;
    }

    public String document() {
        return document;
    }

    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
