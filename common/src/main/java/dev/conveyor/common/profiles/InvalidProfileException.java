package dev.conveyor.common.profiles;

import java.util.List;
import java.util.stream.Collectors;

/** A profile that cannot be read, or that reads but is not valid; each problem with its place. */
public class InvalidProfileException extends RuntimeException {

    private final List<ProfileProblem> problems;

    public InvalidProfileException(List<ProfileProblem> problems) {
        super(problems.stream().map(ProfileProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<ProfileProblem> problems() {
        return problems;
    }
}
