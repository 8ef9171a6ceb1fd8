package dev.outpost.hal.screen;

import java.util.Optional;

/** A display that shows one frame at a time. Methods throw {@link IllegalStateException} after close. */
public interface Screen extends AutoCloseable {

    String id();

    void show(Frame frame);

    /** The frame on the screen now, empty before the first {@link #show}. */
    Optional<Frame> showing();

    @Override
    void close();
}
