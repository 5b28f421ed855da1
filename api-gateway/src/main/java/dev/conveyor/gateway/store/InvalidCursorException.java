package dev.conveyor.gateway.store;

/** A list cursor that this gateway did not hand out, or handed out for another list. */
public class InvalidCursorException extends IllegalArgumentException {

    public InvalidCursorException(String cursor) {
        this(cursor, "pass the nextCursor of a previous page unchanged");
    }

    public InvalidCursorException(String cursor, String why) {
        super("invalid cursor '" + cursor + "': " + why);
    }
}
