package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import java.time.Instant;

/**
 * The mall as the site knows it, retained on {@code Topics.mode(site)} so a gate that boots knows at once whether
 * entries are allowed. {@code mode} is NORMAL, EVACUATE, LOCKDOWN or FIRE; {@code count_known} is false after a
 * fire until an operator recounts; {@code recounts} counts those recounts (a gate that saw a fire waits for the
 * next one); {@code epoch} grows with every change the hub learns of.
 */
@Document("mall_status")
public record MallStatus(String mallId, Mode mode, boolean countKnown, long recounts, long capacity, long epoch,
                         Instant sentAt) {

    public enum Mode {
        NORMAL, EVACUATE, LOCKDOWN, FIRE;

        /** Whether anyone may enter in this mode (with a known count). */
        public boolean admits() {
            return this == NORMAL;
        }
    }

    public MallStatus {
        Check.id("mall_id", mallId);
        Check.present("mode", mode);
        Check.notNegative("recounts", recounts);
        Check.notNegative("capacity", capacity);
        Check.notNegative("epoch", epoch);
        Check.present("sent_at", sentAt);
    }

    /** Entries are allowed: NORMAL with a known count. */
    public boolean admits() {
        return mode.admits() && countKnown;
    }
}
