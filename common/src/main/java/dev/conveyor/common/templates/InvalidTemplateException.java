package dev.conveyor.common.templates;

import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.Violation;
import java.util.List;

/** A template, or a launch of one, that cannot be used as given: every problem with a JSON pointer. */
public class InvalidTemplateException extends InvalidJobException {

    public InvalidTemplateException(List<Violation> violations) {
        super(violations);
    }
}
