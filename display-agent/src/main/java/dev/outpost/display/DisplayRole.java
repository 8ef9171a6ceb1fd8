package dev.outpost.display;

/** What a screen device is for. */
public enum DisplayRole {
    /** A menu board. */
    BOARD,
    /** A self-order kiosk. */
    KIOSK,
    /** A cashier's terminal: its page, receipt printer, cash drawer and scanner. */
    POS,
    /** A kitchen display. */
    KDS,
    /** A lobby order board. */
    LOBBY
}
