package dev.outpost.hil.bench;

/** People through the turnstile for the register-map check: the sim bench moves them, a real one asks the operator. */
public interface Passages {

    /** One person through the entry, which the check has just unlocked (coil 0). */
    void entry();

    /** One person through the exit, which the check has just unlocked (coil 1). */
    void exit();

    static Passages of(Runnable entry, Runnable exit) {
        return new Passages() {
            @Override
            public void entry() {
                entry.run();
            }

            @Override
            public void exit() {
                exit.run();
            }
        };
    }
}
