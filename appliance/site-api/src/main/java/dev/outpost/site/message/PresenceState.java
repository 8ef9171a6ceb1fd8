package dev.outpost.site.message;

public enum PresenceState { ONLINE, OFFLINE }
