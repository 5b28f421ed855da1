package dev.conveyor.worker.jobtypes.http;

import java.util.Arrays;

/**
 * Lets the {@code http} check's requests set {@code Host}, which it needs to send to the address it
 * checked as if to the URL's host. The JDK reads the setting once, when its HTTP client is first
 * used, so the worker calls this before anything else runs, and {@link HttpClients} before it
 * makes a client.
 */
public final class HostHeader {

    static final String PROPERTY = "jdk.httpclient.allowRestrictedHeaders";

    private HostHeader() {
    }

    /** Adds {@code host} to the headers the JDK's HTTP client lets a request set, keeping any others. */
    public static void allow() {
        String allowed = System.getProperty(PROPERTY, "");
        if (Arrays.stream(allowed.split(",")).map(String::strip).noneMatch("host"::equalsIgnoreCase)) {
            System.setProperty(PROPERTY, allowed.isBlank() ? "host" : allowed + ",host");
        }
    }
}
