package dev.outpost.hal.modbus;

/**
 * What a master has seen since it was made. Every request ends as exactly one of a reply or a failure, so
 * {@code requests == replies + failures()} whenever no request is in flight.
 */
public record ModbusStats(long requests, long replies, long timeouts, long badCrc, long malformed,
                          long exceptionResponses, long linkErrors) {

    public long failures() {
        return timeouts + badCrc + malformed + exceptionResponses + linkErrors;
    }
}
