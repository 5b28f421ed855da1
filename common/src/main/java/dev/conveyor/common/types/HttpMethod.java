package dev.conveyor.common.types;

/** The request methods an {@code http} job may send. */
public enum HttpMethod {
    GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH;

    /**
     * Whether a request of this method carries a body. RFC 9110 gives a body of GET, HEAD,
     * DELETE and OPTIONS no defined meaning, and servers and proxies may drop or refuse it, so a
     * check does not rely on one.
     */
    public boolean takesBody() {
        return this == POST || this == PUT || this == PATCH;
    }
}
