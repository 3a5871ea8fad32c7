package io.airssys.wasm.abi;

/**
 * Where a value sits in what is being lowered ({@code greet(points)[3].x}), for the message of an
 * error about it. Lowering passes one down to every field and element, so it is a link to its
 * parent and the text is built only when an error asks for it: building it per element, as
 * strings, cost every call with a list.
 */
final class ValuePath {

    private static final int NO_INDEX = -1;

    private final ValuePath parent;
    private final String name;
    private final int index;

    private ValuePath(ValuePath parent, String name, int index) {
        this.parent = parent;
        this.name = name;
        this.index = index;
    }

    /** A path that starts with {@code label} (an argument or result, named in full). */
    static ValuePath of(String label) {
        return new ValuePath(null, label, NO_INDEX);
    }

    /** A record field or variant case: {@code .name}. */
    ValuePath field(String field) {
        return new ValuePath(this, field, NO_INDEX);
    }

    /** A list or tuple element: {@code [index]} for lists, {@code .index} for tuples. */
    ValuePath element(int elementIndex) {
        return new ValuePath(this, null, elementIndex);
    }

    /** A tuple member: {@code .index}. */
    ValuePath member(int memberIndex) {
        return new ValuePath(this, Integer.toString(memberIndex), NO_INDEX);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        appendTo(text);
        return text.toString();
    }

    private void appendTo(StringBuilder text) {
        if (parent == null) {
            text.append(name);
            return;
        }
        parent.appendTo(text);
        if (name != null) {
            text.append('.').append(name);
        } else {
            text.append('[').append(index).append(']');
        }
    }
}
