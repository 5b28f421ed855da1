package dev.conveyor.gateway.jobs;

import java.security.Principal;

/** Who makes a request, as jobs record it. */
public final class Callers {

    /** The name of a request without an authenticated caller (only where authentication is off). */
    static final String ANONYMOUS = "anonymous";

    private Callers() {
    }

    public static String nameOf(Principal caller) {
        return caller == null ? ANONYMOUS : caller.getName();
    }
}
