package dev.outpost.site.message;

import dev.outpost.api.json.Document;
import dev.outpost.api.json.InvalidFieldException;
import java.time.Instant;
import java.util.List;

/**
 * Appliance → lobby screens, retained on {@code Topics.lobby(site)}: the order numbers of the business day being
 * prepared and ready for pick-up, oldest first. Published at the appliance's start and after every change.
 */
@Document("lobby_board")
public record LobbyBoard(List<Integer> preparing, List<Integer> ready, Instant sentAt) {
    public LobbyBoard {
        preparing = numbers("preparing", preparing);
        ready = numbers("ready", ready);
        Check.present("sent_at", sentAt);
    }

    private static List<Integer> numbers(String field, List<Integer> numbers) {
        List<Integer> copy = List.copyOf(Check.present(field, numbers));
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i) < 1) {
                throw new InvalidFieldException(field + "[" + i + "]", "an order number is at least 1, was " + copy.get(i));
            }
        }
        return copy;
    }
}
