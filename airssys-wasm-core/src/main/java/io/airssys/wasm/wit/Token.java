package io.airssys.wasm.wit;

/**
 * One lexical token. {@code docs} holds the doc comments ({@code ///} or {@code /** *}{@code /})
 * written right before it, for the item the token starts.
 */
record Token(Kind kind, String text, Span span, String docs) {

    enum Kind {
        ID,
        EXPLICIT_ID,
        INTEGER,
        VERSION,
        LBRACE,
        RBRACE,
        LPAREN,
        RPAREN,
        LT,
        GT,
        COMMA,
        SEMICOLON,
        COLON,
        DOT,
        EQUALS,
        ARROW,
        SLASH,
        AT,
        STAR,
        UNDERSCORE,
        PLUS,
        MINUS,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    /** A bare word that is this keyword (an explicit {@code %id} never is). */
    boolean isKeyword(String keyword) {
        return kind == Kind.ID && text.equals(keyword);
    }

    String describe() {
        return kind == Kind.EOF ? "end of file" : "'" + text + "'";
    }
}
