package dev.conveyor.system;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Just enough of PromQL to take an expression of a dashboard or an alert apart: the metric
 * selectors in it, and the signals an alert compares with its thresholds. It is no parser of the
 * whole language and judges no syntax: Prometheus does that when the expression is evaluated.
 */
final class PromQl {

    enum Kind { IDENT, NUMBER, DURATION, STRING, VARIABLE, OPEN, CLOSE, COMPARISON, OPERATOR, OTHER }

    /** One token and where it is in the expression ({@code end} exclusive). */
    record Token(Kind kind, String text, int start, int end) {

        boolean is(String symbol) {
            return text.equals(symbol);
        }

        boolean isWord(Set<String> words) {
            return kind == Kind.IDENT && words.contains(text.toLowerCase(Locale.ROOT));
        }
    }

    /** Words followed by a list of label names in parentheses, which are no metrics. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> ABSENT = Set.of("absent", "absent_over_time");
    private static final Pattern DURATION = Pattern.compile("(\\d+(ms|s|m|h|d|w|y))+");

    private PromQl() {
    }

    static List<Token> tokens(String expr) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '#') {
                while (i < expr.length() && expr.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            Kind kind;
            if (c == '"' || c == '\'' || c == '`') {
                i++;
                while (i < expr.length() && expr.charAt(i) != c) {
                    i += expr.charAt(i) == '\\' && c != '`' ? 2 : 1;
                }
                i = Math.min(i + 1, expr.length());
                kind = Kind.STRING;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < expr.length() && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'
                        || ((expr.charAt(i) == '+' || expr.charAt(i) == '-') && "eE".indexOf(expr.charAt(i - 1)) >= 0
                                && !expr.substring(start, i).startsWith("0x")))) {
                    i++;
                }
                kind = DURATION.matcher(expr.substring(start, i)).matches() ? Kind.DURATION : Kind.NUMBER;
            } else if (Character.isLetter(c) || c == '_') {
                while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                kind = Kind.IDENT;
            } else if (c == '$') {
                i++;
                if (i < expr.length() && expr.charAt(i) == '{') {
                    while (i < expr.length() && expr.charAt(i) != '}') {
                        i++;
                    }
                    i = Math.min(i + 1, expr.length());
                } else {
                    while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_')) {
                        i++;
                    }
                }
                kind = Kind.VARIABLE;
            } else if ("({[".indexOf(c) >= 0) {
                i++;
                kind = Kind.OPEN;
            } else if (")}]".indexOf(c) >= 0) {
                i++;
                kind = Kind.CLOSE;
            } else {
                String two = i + 1 < expr.length() ? expr.substring(i, i + 2) : "";
                if (Set.of("==", "!=", ">=", "<=").contains(two)) {
                    i += 2;
                    kind = Kind.COMPARISON;
                } else if (two.equals("=~") || two.equals("!~")) {
                    i += 2;
                    kind = Kind.OPERATOR;
                } else if (c == '>' || c == '<') {
                    i++;
                    kind = Kind.COMPARISON;
                } else {
                    i++;
                    kind = "+-*/%^=".indexOf(c) >= 0 ? Kind.OPERATOR : Kind.OTHER;
                }
            }
            tokens.add(new Token(kind, expr.substring(start, i), start, i));
        }
        return tokens;
    }

    /**
     * Every metric selector of the expression as it is written, with its label matchers but
     * without a range or an offset: {@code rate(a{b="c"}[5m]) / b} gives {@code a{b="c"}} and
     * {@code b}. Each selects series of the store as an instant query.
     */
    static List<String> selectors(String expr) {
        List<Token> tokens = tokens(expr);
        Set<String> selectors = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (token.kind() == Kind.IDENT) {
                if (token.isWord(LABEL_LIST_KEYWORDS)) {
                    if (next != null && next.is("(")) {
                        i = closing(tokens, i + 1);
                    }
                } else if (!token.isWord(KEYWORDS) && !token.isWord(AGGREGATIONS) && !(next != null && next.is("("))) {
                    int last = next != null && next.is("{") ? closing(tokens, i + 1) : i;
                    selectors.add(expr.substring(token.start(), tokens.get(last).end()));
                    i = last;
                }
            } else if (token.is("{")) {
                int last = closing(tokens, i);
                selectors.add(expr.substring(token.start(), tokens.get(last).end()));
                i = last;
            }
        }
        return List.copyOf(selectors);
    }

    /**
     * What an alert expression compares with its thresholds, each a query of its own: the
     * operands of its set operators ({@code or}, {@code and}, {@code unless}), each without its
     * comparison with a number, and the argument of {@code absent(...)}. A healthy system answers
     * {@code lag > 1000} with no series, yet must answer {@code lag} with some, or the alert
     * watches nothing. {@code a > b} gives both {@code a} and {@code b}.
     */
    static List<String> signals(String expr) {
        Set<String> signals = new LinkedHashSet<>();
        collectSignals(expr, signals);
        return List.copyOf(signals);
    }

    /** The expression without its {@code offset} modifiers, for a store that holds only the last minutes. */
    static String withoutOffsets(String expr) {
        List<Token> tokens = tokens(expr);
        StringBuilder out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i < tokens.size() - 1; i++) {
            if (tokens.get(i).isWord(Set.of("offset"))) {
                int last = tokens.get(i + 1).is("-") && i + 2 < tokens.size() ? i + 2 : i + 1;
                out.append(expr, copied, tokens.get(i).start());
                copied = tokens.get(last).end();
                i = last;
            }
        }
        return out.append(expr, copied, expr.length()).toString();
    }

    private static void collectSignals(String expr, Set<String> signals) {
        String e = withoutOuterParentheses(expr.strip());
        List<Token> tokens = tokens(e);
        for (Set<String> operators : List.of(Set.of("or"), Set.of("and", "unless"))) {
            List<String> operands = splitAtTopLevel(e, tokens, t -> t.isWord(operators));
            if (operands.size() > 1) {
                operands.forEach(operand -> collectSignals(operand, signals));
                return;
            }
        }
        List<String> compared = splitAtTopLevel(e, tokens, t -> t.kind() == Kind.COMPARISON);
        if (compared.size() > 1) {
            compared.stream().filter(operand -> !isNumber(operand)).forEach(operand -> collectSignals(operand, signals));
            return;
        }
        if (!tokens.isEmpty() && tokens.getFirst().isWord(ABSENT) && tokens.size() > 1 && tokens.get(1).is("(")
                && closing(tokens, 1) == tokens.size() - 1) {
            collectSignals(e.substring(tokens.get(1).end(), tokens.getLast().start()), signals);
            return;
        }
        signals.add(e);
    }

    /** The operands around each top-level token that {@code at} accepts, without their binary-operator modifiers. */
    private static List<String> splitAtTopLevel(String expr, List<Token> tokens, java.util.function.Predicate<Token> at) {
        List<String> operands = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (Token token : tokens) {
            if (token.kind() == Kind.OPEN) {
                depth++;
            } else if (token.kind() == Kind.CLOSE) {
                depth--;
            } else if (depth == 0 && at.test(token)) {
                operands.add(expr.substring(from, token.start()));
                from = token.end();
            }
        }
        if (operands.isEmpty()) {
            return List.of(expr);
        }
        operands.add(expr.substring(from));
        return operands.stream().map(PromQl::withoutLeadingModifiers).map(String::strip).toList();
    }

    /** {@code bool}, {@code on(...)}, {@code ignoring(...)}, {@code group_left(...)}: they belong to the operator before. */
    private static String withoutLeadingModifiers(String operand) {
        List<Token> tokens = tokens(operand);
        int i = 0;
        while (i < tokens.size() && (tokens.get(i).isWord(Set.of("bool")) || tokens.get(i).isWord(LABEL_LIST_KEYWORDS))) {
            i = i + 1 < tokens.size() && tokens.get(i + 1).is("(") ? closing(tokens, i + 1) + 1 : i + 1;
        }
        return i == 0 ? operand : i < tokens.size() ? operand.substring(tokens.get(i).start()) : "";
    }

    private static boolean isNumber(String operand) {
        List<Token> tokens = tokens(operand);
        List<Token> rest = !tokens.isEmpty() && (tokens.getFirst().is("-") || tokens.getFirst().is("+"))
                ? tokens.subList(1, tokens.size()) : tokens;
        return rest.size() == 1 && (rest.getFirst().kind() == Kind.NUMBER || rest.getFirst().isWord(Set.of("inf", "nan")));
    }

    private static String withoutOuterParentheses(String expr) {
        String e = expr;
        List<Token> tokens = tokens(e);
        while (tokens.size() > 1 && tokens.getFirst().is("(") && closing(tokens, 0) == tokens.size() - 1) {
            e = e.substring(tokens.getFirst().end(), tokens.getLast().start()).strip();
            tokens = tokens(e);
        }
        return e;
    }

    /** The index of the token that closes the one opened at {@code open}, or the last token if none does. */
    private static int closing(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            Kind kind = tokens.get(i).kind();
            if (kind == Kind.OPEN) {
                depth++;
            } else if (kind == Kind.CLOSE && --depth == 0) {
                return i;
            }
        }
        return tokens.size() - 1;
    }
}
