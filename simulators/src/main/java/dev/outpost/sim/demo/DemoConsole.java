package dev.outpost.sim.demo;

import dev.outpost.sim.chain.LocalChain;
import dev.outpost.sim.turnstile.Crowd;
import dev.outpost.sim.turnstile.SimulatedTurnstiles;
import java.util.List;

/** The demo's commands on stdin: what an operator does to the mall to see it cope. One line in, one answer out. */
final class DemoConsole {
    private final LocalChain chain;
    private final SimulatedTurnstiles turnstiles;
    private final Crowd crowd;
    private final String mall;

    DemoConsole(LocalChain chain, SimulatedTurnstiles turnstiles, Crowd crowd, String mall) {
        this.chain = chain;
        this.turnstiles = turnstiles;
        this.crowd = crowd;
        this.mall = mall;
    }

    String help() {
        return """
                Commands (type and press Enter):
                  wan cut|heal [SITE]       cut or restore SITE's link to the relay (default %1$s): the gates keep
                                            admitting, a store's tills keep selling and show OFFLINE
                  fire GATE | clear GATE    open or close GATE's fire loop at its turnstile (no network involved)
                  crowd                     who is really inside %1$s, whatever the gates counted
                  help""".formatted(mall);
    }

    String execute(String line) {
        List<String> words = List.of(line.trim().split("\\s+"));
        try {
            return switch (words.getFirst()) {
                case "" -> "";
                case "help" -> help();
                case "wan" -> wan(words);
                case "fire", "clear" -> fire(words);
                case "crowd" -> crowd();
                default -> "unknown command '" + words.getFirst() + "'\n" + help();
            };
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private String wan(List<String> words) {
        String what = words.size() >= 2 && words.size() <= 3 ? words.get(1) : "";
        String site = words.size() == 3 ? words.get(2) : mall;
        switch (what) {
            case "cut" -> chain.wan(site).cut();
            case "heal" -> chain.wan(site).heal();
            default -> throw new IllegalArgumentException("wan cut [SITE] or wan heal [SITE]");
        }
        return site + ": WAN " + (chain.wan(site).isCut() ? "cut" : "healed");
    }

    private String fire(List<String> words) {
        if (words.size() != 2) {
            throw new IllegalArgumentException(words.getFirst() + " needs a gate, e.g. " + words.getFirst() + " gate-1");
        }
        boolean alarm = words.getFirst().equals("fire");
        turnstiles.module(mall, words.get(1)).fireLoop(alarm);
        return words.get(1) + ": fire loop " + (alarm ? "open: the turnstile is released and the gate goes FIRE_OPEN"
                : "closed; admissions resume after a recount in the console");
    }

    private String crowd() {
        Crowd.Truth t = crowd.truth();
        return "%s: %d inside (most at once %d), %d entered, %d left, %d waiting, %d turned away".formatted(mall,
                t.inside(), t.maxInside(), t.entered() + t.tailgated(), t.exited(), t.waiting(), t.turnedAway());
    }
}
