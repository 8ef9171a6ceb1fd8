package dev.outpost.relay.menu;

/**
 * A layer {@link LayerMerge} cannot apply. The message reads
 * {@code layer store:s-1042: items.fries: a remove marker must be exactly {"$remove":true}, was {"$remove":false}}.
 */
public final class MenuLayerException extends IllegalArgumentException {
    private final String layer;
    private final String path;
    private final String problem;

    MenuLayerException(String layer, String path, String problem) {
        super("layer " + layer + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
        this.layer = layer;
        this.path = path;
        this.problem = problem;
    }

    /** The {@link MenuLayer#name()} of the layer. */
    public String layer() {
        return layer;
    }

    /** The JSON path within the layer, empty for the layer itself. */
    public String path() {
        return path;
    }

    public String problem() {
        return problem;
    }
}
