package dev.outpost.appliance.pos.staff;

/** What an employee may do: sell (CASHIER); also void, refund and override (MANAGER, ADMIN). */
public enum Role {
    CASHIER, MANAGER, ADMIN;

    public boolean manages() {
        return this != CASHIER;
    }
}
