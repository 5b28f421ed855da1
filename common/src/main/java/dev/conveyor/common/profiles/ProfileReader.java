package dev.conveyor.common.profiles;

import dev.conveyor.common.json.ConveyorJson;
import dev.conveyor.common.json.JsonProblems;
import dev.conveyor.common.types.InvalidJobException;
import dev.conveyor.common.types.Violation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a profile written in YAML or JSON (YAML's superset) and says, for everything wrong with
 * it, the file, line and column: a syntax error where the parser stopped, a field of the wrong
 * type or a control without a check where it is written.
 */
public final class ProfileReader {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private ProfileReader() {
    }

    /**
     * @param text the profile as written
     * @param file its name, for the problems
     * @throws InvalidProfileException naming every problem found, with its place
     */
    public static Profile read(String text, String file) {
        Map<String, TokenStreamLocation> places = new HashMap<>();
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
            index(text, places);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new InvalidProfileException(List.of(new ProfileProblem(file, "", at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), "not valid YAML or JSON: " + e.getOriginalMessage())));
        }
        if (tree == null || !tree.isObject()) {
            throw new InvalidProfileException(List.of(new ProfileProblem(file, "", 1, 1,
                    "a profile is an object: id, title, controls")));
        }
        Profile profile;
        try {
            profile = bind(tree);
        } catch (InvalidJobException e) {
            throw new InvalidProfileException(placed(e.violations(), file, places));
        }
        List<Violation> problems = profile.problems();
        if (!problems.isEmpty()) {
            throw new InvalidProfileException(placed(problems, file, places));
        }
        return profile;
    }

    private static Profile bind(JsonNode tree) {
        ObjectReader reader = JsonProblems.readingEveryProblem(ConveyorJson.mapper().readerFor(Profile.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
        try (JsonParser parser = reader.treeAsTokens(tree)) {
            return reader.readValueCollectingProblems(parser);
        } catch (JacksonException e) {
            throw new InvalidJobException(JsonProblems.of(e, ""));
        }
    }

    /** Where each value starts, by its pointer. */
    private static void index(String text, Map<String, TokenStreamLocation> places) {
        try (JsonParser parser = YAML.createParser(text)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY) {
                    places.putIfAbsent(parser.streamReadContext().pathAsPointer().toString(),
                            parser.currentTokenLocation());
                }
            }
        }
    }

    private static List<ProfileProblem> placed(List<Violation> violations, String file,
            Map<String, TokenStreamLocation> places) {
        List<ProfileProblem> problems = new ArrayList<>();
        for (Violation v : violations) {
            TokenStreamLocation at = nearest(v.pointer(), places);
            problems.add(new ProfileProblem(file, v.pointer(), at == null ? 0 : at.getLineNr(),
                    at == null ? 0 : at.getColumnNr(), v.message()));
        }
        return problems;
    }

    /** The place of {@code pointer}, or of the nearest value that holds it (a missing field's object). */
    private static TokenStreamLocation nearest(String pointer, Map<String, TokenStreamLocation> places) {
        for (String at = pointer; ; at = at.substring(0, at.lastIndexOf('/'))) {
            TokenStreamLocation place = places.get(at);
            if (place != null || at.isEmpty()) {
                return place;
            }
        }
    }
}
