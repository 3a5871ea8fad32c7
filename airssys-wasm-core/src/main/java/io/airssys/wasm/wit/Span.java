package io.airssys.wasm.wit;

/** Where a piece of WIT text is: file, 1-based line and column. */
record Span(String file, int line, int column) {

    WitParseException error(String reason) {
        return new WitParseException(file, line, column, reason);
    }
}
