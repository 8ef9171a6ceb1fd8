package dev.outpost.relay.menu;

import java.util.List;

/** A menu that cannot be shown: every problem, each with the stores it affects. Nothing was changed. */
public final class MenuInvalid extends RuntimeException {
    private final List<StoreProblem> problems;

    MenuInvalid(String message, List<StoreProblem> problems) {
        super(message, null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<StoreProblem> problems() {
        return problems;
    }

    /** One problem of a merged menu, where it is ({@code path}), which gate found it, and the stores it affects. */
    public record StoreProblem(String gate, String path, String message, List<String> stores) {
    }
}
