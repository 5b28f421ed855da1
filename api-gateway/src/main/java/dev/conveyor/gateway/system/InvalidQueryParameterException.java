package dev.conveyor.gateway.system;

/**
 * A query parameter whose value a feature refuses after reading it (a cursor it did not hand out,
 * say); answered 400 naming the parameter, like every other bad input.
 */
public class InvalidQueryParameterException extends IllegalArgumentException {

    private final String parameter;

    public InvalidQueryParameterException(String parameter, String detail) {
        super(detail);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
