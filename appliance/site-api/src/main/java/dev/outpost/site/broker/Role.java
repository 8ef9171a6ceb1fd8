package dev.outpost.site.broker;

/** What a broker account may do; see {@link SiteAcl}. */
public enum Role {
    /** The site appliance: reads and writes everything under {@code outpost/{site}/#}. */
    APPLIANCE,
    /** A display agent or gate controller: its own topics, the site state and its clock replies. */
    DEVICE
}
