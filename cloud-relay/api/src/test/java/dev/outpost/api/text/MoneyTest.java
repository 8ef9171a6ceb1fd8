package dev.outpost.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void amountsAreExactNeverRoundedThroughBinaryFloatingPoint() {
        Locale us = Locale.forLanguageTag("en-US");
        assertEquals("$0.01", Money.display(1, "USD", us));
        assertEquals("$10.05", Money.display(1005, "USD", us), "1005 / 100.0 is 10.049999… in a double");
        assertEquals("$0.00", Money.display(0, "USD", us));
        assertEquals("-$1.99", Money.display(-199, "USD", us), "a refund");
        assertEquals("$90,071,992,547,409.91", Money.display((1L << 53) - 1, "USD", us), "the largest price a menu carries");
        assertEquals("¥1,850", Money.display(1850, "JPY", us), "yen have no minor digits");
        assertEquals("BHD1.850", Money.display(1850, "BHD", us), "dinars have three");
        assertEquals("18,50\u00a0€", Money.display(1850, "EUR", Locale.forLanguageTag("fr-FR")));
    }
}
