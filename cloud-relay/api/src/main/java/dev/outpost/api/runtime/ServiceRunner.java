package dev.outpost.api.runtime;

import dev.outpost.api.config.ConfigException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;
import org.tinylog.provider.ProviderRegistry;

/**
 * The common body of every process's {@code main}: build from config, start, stop cleanly on SIGTERM or Ctrl-C, and
 * tell systemd about it when run by it ({@link Watchdog}). A bad config exits 2 with the message on standard error,
 * data written by a newer release ({@link DataFormat}) exits 3, a failure to start exits 1. The packages' units do
 * not restart on 2 or 3: only a person can fix those.
 */
public final class ServiceRunner {
    public static final int EXIT_CONFIG = 2;
    public static final int EXIT_START_FAILED = 1;
    public static final int EXIT_NEWER_DATA = 3;

    private ServiceRunner() {
    }

    /** Runs until the JVM is asked to stop; returns the exit code to use. */
    public static int run(String process, Callable<Service> build) {
        Service service;
        try {
            service = build.call();
        } catch (ConfigException e) {
            System.err.println("outpost " + process + ": " + e.getMessage());
            return EXIT_CONFIG;
        } catch (DataFormat.NewerDataException e) {
            System.err.println("outpost " + e.getMessage());
            return EXIT_NEWER_DATA;
        } catch (Exception e) {
            System.err.println("outpost " + process + ": cannot start: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        Watchdog watchdog = Watchdog.fromEnvironment(process, service::wedged);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Logger.info("{}: stopping", process);
            watchdog.stopping();
            try {
                service.close();
            } finally {
                watchdog.close();
                Logger.info("{}: stopped", process);
                stopped.countDown();
                shutdownLogging();
            }
        }, process + "-shutdown"));
        try {
            service.start();
        } catch (Exception e) {
            Logger.error(e, "{}: cannot start: {}", process, e.getMessage());
            System.err.println("outpost " + process + ": cannot start: " + e.getMessage());
            return EXIT_START_FAILED;
        }
        watchdog.ready();
        Logger.info("{}: started", process);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static void shutdownLogging() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
