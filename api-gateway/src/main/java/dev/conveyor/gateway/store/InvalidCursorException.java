package dev.conveyor.gateway.store;

/** A list cursor that this gateway did not hand out. */
public class InvalidCursorException extends IllegalArgumentException {

    public InvalidCursorException(String cursor) {
        super("invalid cursor '" + cursor + "': pass the nextCursor of a previous page unchanged");
    }
}
