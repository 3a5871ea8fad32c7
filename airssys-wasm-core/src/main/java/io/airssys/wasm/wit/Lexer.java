package io.airssys.wasm.wit;

import io.airssys.wasm.SemanticVersion;
import io.airssys.wasm.wit.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits WIT text into tokens, following the lexical rules of the WIT specification. */
final class Lexer {

    private final String file;
    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String file, String text) {
        this.file = file;
        this.text = text;
        if (text.startsWith("\uFEFF")) {
            pos = 1; // a UTF-8 byte-order mark, as some editors write
            lineStart = 1;
        }
    }

    static List<Token> tokenize(String file, String text) {
        return new Lexer(file, text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        StringBuilder docs = new StringBuilder();
        Token previous = null;
        while (true) {
            skipTrivia(docs);
            Span span = span();
            if (pos >= text.length()) {
                tokens.add(new Token(Kind.EOF, "", span, ""));
                return tokens;
            }
            Token token = next(span, previous, docs.toString().strip());
            docs.setLength(0);
            tokens.add(token);
            previous = token;
        }
    }

    private Token next(Span span, Token previous, String docs) {
        char c = text.charAt(pos);
        if (previous != null && (previous.is(Kind.AT) || previous.is(Kind.EQUALS)) && Character.isDigit(c)) {
            return version(span, docs);
        }
        if (c == '%') {
            pos++;
            if (pos >= text.length() || !isIdStart(text.charAt(pos))) {
                throw span.error("'%' must be followed by an identifier");
            }
            String id = word();
            return new Token(Kind.EXPLICIT_ID, id, span, docs);
        }
        if (isIdStart(c)) {
            return new Token(Kind.ID, word(), span, docs);
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            return new Token(Kind.INTEGER, text.substring(start, pos), span, docs);
        }
        if (c == '-' && peek(1) == '>') {
            pos += 2;
            return new Token(Kind.ARROW, "->", span, docs);
        }
        Kind kind = switch (c) {
            case '{' -> Kind.LBRACE;
            case '}' -> Kind.RBRACE;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '<' -> Kind.LT;
            case '>' -> Kind.GT;
            case ',' -> Kind.COMMA;
            case ';' -> Kind.SEMICOLON;
            case ':' -> Kind.COLON;
            case '.' -> Kind.DOT;
            case '=' -> Kind.EQUALS;
            case '/' -> Kind.SLASH;
            case '@' -> Kind.AT;
            case '*' -> Kind.STAR;
            case '_' -> Kind.UNDERSCORE;
            case '+' -> Kind.PLUS;
            case '-' -> Kind.MINUS;
            default -> throw span.error("unexpected character " + describeChar(c));
        };
        pos++;
        return new Token(kind, String.valueOf(c), span, docs);
    }

    /** Identifier characters: letters, digits and '-'; the parser checks the word rules. */
    private String word() {
        int start = pos;
        while (pos < text.length()
                && (isIdStart(text.charAt(pos))
                        || Character.isDigit(text.charAt(pos))
                        || text.charAt(pos) == '-' && peek(1) != '>')) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private Token version(Span span, String docs) {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '-' || c == '+') {
                pos++;
            } else {
                break;
            }
        }
        while (text.charAt(pos - 1) == '.') {
            pos--; // `use a:b/c@1.0.0.{x}`: the dot belongs to the use path
        }
        String version = text.substring(start, pos);
        if (!SemanticVersion.isValid(version)) {
            throw span.error("'" + version + "' is not a valid semantic version");
        }
        return new Token(Kind.VERSION, version, span, docs);
    }

    private void skipTrivia(StringBuilder docs) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '/' && peek(1) == '/') {
                int start = pos;
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
                String comment = text.substring(start, pos);
                if (comment.startsWith("///") && !comment.startsWith("////")) {
                    appendDoc(docs, comment.substring(3).strip());
                }
            } else if (c == '/' && peek(1) == '*') {
                blockComment(docs);
            } else {
                return;
            }
        }
    }

    private void blockComment(StringBuilder docs) {
        Span span = span();
        int start = pos;
        pos += 2;
        int depth = 1;
        while (depth > 0) {
            if (pos >= text.length()) {
                throw span.error("unterminated block comment");
            }
            char c = text.charAt(pos);
            if (c == '/' && peek(1) == '*') {
                depth++;
                pos += 2;
            } else if (c == '*' && peek(1) == '/') {
                depth--;
                pos += 2;
            } else {
                if (c == '\n') {
                    line++;
                    lineStart = pos + 1;
                }
                pos++;
            }
        }
        String comment = text.substring(start, pos);
        if (comment.startsWith("/**") && !comment.startsWith("/***") && comment.length() > 4) {
            String body = comment.substring(3, comment.length() - 2);
            for (String docLine : body.split("\n")) {
                String stripped = docLine.strip();
                appendDoc(docs, stripped.startsWith("*") ? stripped.substring(1).strip() : stripped);
            }
        }
    }

    private static void appendDoc(StringBuilder docs, String line) {
        if (!docs.isEmpty()) {
            docs.append('\n');
        }
        docs.append(line);
    }

    private char peek(int ahead) {
        int index = pos + ahead;
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private Span span() {
        return new Span(file, line, pos - lineStart + 1);
    }

    private static boolean isIdStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static String describeChar(char c) {
        return Character.isISOControl(c) || Character.isWhitespace(c)
                ? String.format("U+%04X", (int) c)
                : "'" + c + "'";
    }
}
