package dev.outpost.hil.bench;

/** A GPIO output line wired to an input line on the same chip: what the output drives, the input reads back. */
public record WiredPair(int output, int input) {

    @Override
    public String toString() {
        return output + ">" + input;
    }
}
