package dev.conveyor.common.profiles;

/**
 * One thing wrong with a profile as written.
 *
 * @param file where the profile came from: a file's name, or {@code request body}
 * @param pointer where in the profile, as a JSON pointer ({@code ""} for the whole)
 * @param line the line it is on, from 1; 0 when unknown
 * @param column the column, from 1; 0 when unknown
 * @param detail what is wrong
 */
public record ProfileProblem(String file, String pointer, int line, int column, String detail) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (pointer.isEmpty() ? "" : pointer + ": ") + detail;
    }
}
