package dev.conveyor.gateway.store;

import dev.conveyor.gateway.system.InvalidQueryParameterException;

/** A list cursor that this gateway did not hand out, or handed out for another list. */
public class InvalidCursorException extends InvalidQueryParameterException {

    public InvalidCursorException(String cursor) {
        this(cursor, "pass the nextCursor of a previous page unchanged");
    }

    public InvalidCursorException(String cursor, String why) {
        super("cursor", "invalid cursor '" + cursor + "': " + why);
    }
}
