package dev.outpost.hil.bench;

/**
 * The turnstile's normally closed fire loop, as the fire check opens and closes it: the sim bench switches the
 * simulated module's fire input; a real bench drives a relay in the loop from a GPIO line, or asks the operator.
 */
public interface FireLoop {

    /** Opens the loop (a fire, or a cut wire). */
    void open();

    /** Closes it again (the fire panel reset). */
    void close();

    static FireLoop of(Runnable open, Runnable close) {
        return new FireLoop() {
            @Override
            public void open() {
                open.run();
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
